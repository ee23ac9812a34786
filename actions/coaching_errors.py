"""What the operator is told when the coaching content or its database cannot be used."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def log_coaching_unavailable(error: Exception) -> None:
    """Tells the operator what to check when coaching content or its database cannot be used."""
    logger.error(
        "Coaching is unavailable: %s. Check the files in data/coaching/ and TRUSTCOACH_DATABASE_URL, then restart the action server.",
        error,
    )
