"""Knowledge: text embeddings now; articles, index and search as retrieval lands."""
