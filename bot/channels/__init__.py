"""Ways to reach the coach: a client for Rasa's REST channel and the chat front ends built on it."""
