"""Thin Rasa SDK actions: read the tracker, call into `bot`, answer with domain responses."""
