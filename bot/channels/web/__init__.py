"""The web page: a landing text and the rasa-webchat widget talking to Rasa's web channel."""
