"""Knowledge: source articles, passages, embedders, search index and its evaluation."""
