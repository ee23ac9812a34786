"""Tuning the answer threshold: coverage, false answers, and the recommended value."""

from bot.knowledge.evaluation import Decision, recommend_threshold, threshold_rows


def decision(confidence, right=True, answerable=True):
    return Decision("q", "de", confidence, right, answerable)


DECISIONS = [
    decision(0.90), decision(0.85), decision(0.80, right=False), decision(0.70),
    decision(0.82, right=False, answerable=False), decision(0.60, right=False, answerable=False),
]


def test_rows_count_answers_right_answers_and_false_answers():
    row = threshold_rows(DECISIONS, [0.81])[0]
    assert row.answered == 0.5  # 0.90 and 0.85 of four answerable questions
    assert row.right == 0.5
    assert row.off_topic_answered == 0.5  # 0.82 of two off-topic ones
    assert abs(row.false_answer_rate - 1 / 3) < 1e-9  # one of three answers cites no gold article


def test_the_recommendation_is_the_lowest_threshold_that_keeps_off_topic_questions_out():
    rows = threshold_rows(DECISIONS, [0.55, 0.65, 0.75, 0.83, 0.95])
    assert recommend_threshold(rows).threshold == 0.83
