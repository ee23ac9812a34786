"""The closed vocabularies shared by the profile, the self-check and the action catalog.

Values are stable ids; what users read lives in the domain responses and the catalog files.
"""

from __future__ import annotations

from typing import Literal

# consultant_coach: advice, coaching and teaching given person to person; courses_digital: online
# courses and digital products sold to many (a different business: no appointment, a download).
BusinessType = Literal[
    "online_shop", "cafe_restaurant", "retail_store", "trade_craft", "consultant_coach", "courses_digital",
    "b2b_service", "other",
]
# How customers meet the business; "both" in a profile matches actions for either.
Channel = Literal["online", "in_person"]
TeamSize = Literal["solo", "small", "large"]  # small: 2-10 people
Problem = Literal[
    "new_customers_hesitate", "customers_dont_return", "few_bad_reviews", "returns_complaints", "price_transparency",
    "staff_behaviour", "online_reputation", "other",
]
# What a business may already do; an action covered by one of these ranks lower for that business.
Practice = Literal[
    "guarantee", "reviews", "transparent_prices", "personal_contact", "self_service", "social_media", "customer_survey",
]
# Botsman's four traits plus the two themes of the articles the self-check also measures.
Dimension = Literal["competence", "reliability", "empathy", "integrity", "transparency", "reciprocity"]
# The lesson topics of the conversation (intent ask_<topic>).
Topic = Literal[
    "trust_gap", "trust_signals", "four_traits", "trust_context", "transparency", "reciprocity",
    "guarantee", "meeting_again", "employees", "trust_strategy",
]
Effort = Literal["quick_win", "project"]
ItemStatus = Literal["open", "done", "skipped"]
# Where customers meet the business (the profile's "main touchpoints").
Touchpoint = Literal[
    "website", "online_marketplace", "social_media", "email_messenger", "phone", "shop_or_premises", "at_customer", "events",
]
# How customers meet it, as asked in the profile.
Reach = Literal["online", "in_person", "both"]
# The six questions of the business profile (form slots), e.g. to change one answer.
ProfileQuestion = Literal["business_type", "reach", "team_size", "touchpoints", "problem", "practices"]
