"""Conversation scripts for trainers: YAML test cases (compatible with Rasa's e2e test cases) played against the
running coach through a real channel, with readable reports (`trustcoach script`)."""
