"""Who may use a channel's webhook: the internal token for the coach's own bridges, and the REST rule.

- The Telegram bridge and the terminal chat speak for their users (`telegram:…`, `cli:…`), so they must
  present the coach's internal token (TRUSTCOACH_RASA_TOKEN) as `Authorization: Bearer …`.
- The REST channel only ever reaches `rest:…` users. With TRUSTCOACH_REST_TOKEN set, every request must
  present that token; without it, only clients on this machine (loopback) are let in, so opening the coach
  to the network never opens the REST channel by accident.

Tokens travel in a header, never in a URL, so no access log or error message can contain them.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Optional

BEARER = "bearer "


def bearer_token(authorization: Optional[str]) -> Optional[str]:
    """The token of an `Authorization: Bearer <token>` header."""
    if not authorization or not authorization.lower().startswith(BEARER):
        return None
    return authorization[len(BEARER):].strip() or None


def tokens_match(presented: Optional[str], expected: Optional[str]) -> bool:
    """Constant-time comparison; an unset expected token matches nothing."""
    if not presented or not expected:
        return False
    return hmac.compare_digest(presented.encode(), expected.encode())


def is_loopback(address: Optional[str]) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def internal_refusal(authorization: Optional[str], internal_token: Optional[str]) -> Optional[str]:
    """Why a bridge request is refused (None: let in)."""
    if not internal_token:
        return "This channel is closed: the coach was started without TRUSTCOACH_RASA_TOKEN."
    if not tokens_match(bearer_token(authorization), internal_token):
        return "This channel needs the coach's internal token (Authorization: Bearer …)."
    return None


def rest_refusal(client_address: Optional[str], authorization: Optional[str], rest_token: Optional[str]) -> Optional[str]:
    """Why a REST request is refused (None: let in)."""
    if rest_token:
        if tokens_match(bearer_token(authorization), rest_token):
            return None
        return "The REST channel needs its token: send Authorization: Bearer <TRUSTCOACH_REST_TOKEN>."
    if is_loopback(client_address):
        return None
    return ("The REST channel takes requests from this machine only. To open it to others, set "
            "TRUSTCOACH_REST_TOKEN and send it as Authorization: Bearer <token>.")
