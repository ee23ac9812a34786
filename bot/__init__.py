"""Trust Coach: coaching logic, language handling, channels and command line, independent of Rasa."""
