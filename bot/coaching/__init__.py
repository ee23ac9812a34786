"""Personal coaching: the business profile's vocabulary, the action catalog, and (later) plans built from them."""
