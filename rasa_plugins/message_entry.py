"""What every channel does with a user's message before Rasa sees it: the rate limit and the typed-intent rule.

Used by the REST, terminal, Telegram and web channels (rasa_plugins/channels.py, rasa_plugins/web_channel.py),
so no channel can skip it. The rules themselves are plain Python in `bot/` (rate_limit.py, typed_commands.py).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.config import Settings
from bot.domain_responses import response_text
from bot.language import normalise_language_code
from bot.rate_limit import Decision, RateLimiter
from bot.typed_commands import INTENT_PREFIX, UNOFFERED_COMMAND, OfferedPayloads, offered_payloads

logger = logging.getLogger(__name__)

RATE_LIMITED_RESPONSE = "utter_rate_limited"


@dataclass(frozen=True)
class Admission:
    """A message let in (with the metadata Rasa gets), or refused with a notice to send (or none: told already)."""

    admitted: bool
    metadata: Optional[Dict[str, Any]] = None
    notice: Optional[str] = None


def _agent(app: Any):
    return getattr(getattr(app, "ctx", None), "agent", None)


def _is_intent_message(text: str, domain: Optional[Domain]) -> bool:
    """Whether Rasa would read this text as an intent (`/name...` with a name the domain knows), skipping NLU."""
    unpacked = YAMLStoryReader.unpack_regex_message(Message(data={TEXT: text}), domain)
    return unpacked.get(INTENT) is not None


class MessageEntry:
    def __init__(self, limiter: RateLimiter, default_language: str = "de") -> None:
        self.limiter = limiter
        self.default_language = default_language
        self._offered: Tuple[Optional[Domain], Optional[OfferedPayloads]] = (None, None)

    def offered(self, domain: Optional[Domain]) -> OfferedPayloads:
        """The coach's own payloads, derived once per loaded domain (a new model brings a new domain)."""
        cached_domain, cached = self._offered
        if cached is None or cached_domain is not domain:
            cached = offered_payloads(domain.responses if domain is not None else {})
            self._offered = (domain, cached)
        return cached

    def is_unoffered_command(self, text: Any, domain: Optional[Domain]) -> bool:
        """A message Rasa would take as an intent, but not one of the coach's own payloads."""
        if not isinstance(text, str) or not text.strip().startswith(INTENT_PREFIX):
            return False
        return _is_intent_message(text, domain) and not self.offered(domain).offers(text)

    def marked(self, text: Any, metadata: Optional[Dict[str, Any]], domain: Optional[Domain]) -> Dict[str, Any]:
        """The message's metadata, with the unoffered-command mark set by us alone (never taken from a client)."""
        marked = {key: value for key, value in (metadata or {}).items() if key != UNOFFERED_COMMAND}
        if self.is_unoffered_command(text, domain):
            logger.info("A message in intent form that the coach never offers goes to NLU as text.")
            marked[UNOFFERED_COMMAND] = True
        return marked

    async def admit(
        self, app: Any, sender_id: str, text: Any, metadata: Optional[Dict[str, Any]], repeat_notice: bool,
    ) -> Admission:
        """Let the message in (as typed text where it must be), or refuse it over the sender's rate limit.

        `repeat_notice`: answer every refused message (request/response channels) or only the first of a
        flood (channels that push each answer to the user's screen)."""
        agent = _agent(app)
        domain = getattr(agent, "domain", None)
        decision = self.limiter.check(sender_id)
        if decision is Decision.ACCEPT:
            return Admission(admitted=True, metadata=self.marked(text, metadata, domain))
        logger.warning("A sender is over the rate limit of %d messages a minute; message not processed.",
                       self.limiter.messages)
        if decision is Decision.REFUSE_QUIETLY and not repeat_notice:
            return Admission(admitted=False)
        language = await self._language(agent, sender_id, metadata)
        notice = response_text(domain.responses if domain is not None else {}, RATE_LIMITED_RESPONSE, language)
        if notice is None:
            logger.error("The domain has no response %s; a refused message goes unanswered.", RATE_LIMITED_RESPONSE)
        return Admission(admitted=False, notice=notice)

    async def _language(self, agent: Any, sender_id: str, metadata: Optional[Dict[str, Any]]) -> str:
        """The language the coach speaks with this user: the conversation's, else the channel's, else the default."""
        try:
            tracker = await agent.tracker_store.retrieve(sender_id) if agent is not None else None
            language = tracker.get_slot("language") if tracker is not None else None
        except Exception as error:  # the notice must go out even when the tracker store is down
            logger.warning("Could not read the conversation's language for a rate-limit notice: %s", type(error).__name__)
            language = None
        if language in ("de", "en"):
            return language
        from_channel = normalise_language_code((metadata or {}).get("language")) if isinstance(metadata, dict) else None
        return from_channel if from_channel in ("de", "en") else self.default_language


@functools.lru_cache(maxsize=1)
def shared_entry() -> MessageEntry:
    """One entry for all channels of this Rasa server, so a sender's messages count together."""
    settings = Settings.from_env()
    return MessageEntry(RateLimiter(messages=settings.rate_limit), settings.default_language)
