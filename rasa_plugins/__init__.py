"""Plugins the Rasa server loads (Python 3.10): NLU components and the tracker store; thin adapters over `bot`."""
