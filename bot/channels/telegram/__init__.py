"""The coach in Telegram: a python-telegram-bot bridge (long polling) to the Rasa server."""
