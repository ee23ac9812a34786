"""What users mean by what they type: profile answers, ratings, dates, plan steps, languages, link codes.

Plain Python, tested without trackers; the actions hand it the message text and act on the result.
Words live in `data/coaching/understanding.yml` and `answer_words.yml`.
"""
