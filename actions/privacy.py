"""/mydata exports everything kept about the user as JSON; /forget (after confirmation) deletes it all;
link codes move a user's coaching data to another channel."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.coaching import profile_slots
from actions.coaching_action import CoachingAction
from actions.downloads import keep_for_download
from bot.coaching.service import Coaching
from bot.identity import channel_of
from bot.store.coaching_store import LINK_CODE_LIFETIME, StoreError
from bot.understanding.link_codes import link_code_in, shown_link_code

logger = logging.getLogger(__name__)


def conversation_of(tracker: Tracker) -> List[dict]:
    """The messages of the stored conversation, as the user saw them."""
    messages = []
    for event in tracker.events:
        if event.get("event") not in ("user", "bot"):
            continue
        messages.append({
            "time": datetime.fromtimestamp(event.get("timestamp") or 0, timezone.utc).isoformat(),
            "from": "you" if event["event"] == "user" else "coach",
            "text": event.get("text"),
        })
    return messages


class ActionExportUserData(CoachingAction):
    def name(self) -> Text:
        return "action_export_user_data"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        stored = coaching.store.export_user(tracker.sender_id)
        channel = channel_of(tracker.sender_id)
        data = {
            **stored, "channel": channel.value if channel else None,
            "conversation": conversation_of(tracker), "language": tracker.get_slot("language"),
        }
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        data_file = keep_for_download(
            coaching.store, tracker.sender_id, "trust-coach-my-data.json", "application/json", content
        )
        dispatcher.utter_message(
            response="utter_my_data", url=data_file.url,
            plans=len(stored["plans"]), self_checks=len(stored["self_checks"]), messages=len(data["conversation"]),
        )
        data_file.send(dispatcher)
        return []


class ActionForgetUser(CoachingAction):
    """Deletes profile, self-checks, plans, check-ins, link codes and downloads, then the conversation itself.

    The conversation goes through `Restarted`: the tracker store (rasa_plugins/tracker_store.py) deletes the
    stored events of a conversation restarted by this action. If the database fails, nothing is restarted.
    """

    unavailable_response = "utter_forget_failed"

    def name(self) -> Text:
        return "action_forget_user"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        coaching.store.delete_user(tracker.sender_id)
        logger.info("Deleted all stored data of one user on their request.")
        dispatcher.utter_message(response="utter_forgotten")
        # Channels that keep a copy of the conversation (the web widget, in the browser's storage) drop it too.
        dispatcher.utter_message(json_message={"conversation_deleted": True})
        return [Restarted()]


class ActionLinkChannel(CoachingAction):
    """Without a code: hands out a one-time code. With one (typed on the other channel): moves profile,
    self-checks and plan of the code's user to this conversation and fills the profile slots."""

    def name(self) -> Text:
        return "action_link_channel"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        code = link_code_in(text)
        if code == "":
            dispatcher.utter_message(response="utter_link_code_invalid")
            return []
        if code is None:
            new_code = coaching.store.create_link_code(tracker.sender_id)
            minutes = int(LINK_CODE_LIFETIME.total_seconds() // 60)
            dispatcher.utter_message(response="utter_link_code", code=shown_link_code(new_code), minutes=minutes)
            return []
        try:
            coaching.store.redeem_link_code(code, tracker.sender_id)
        except StoreError:
            dispatcher.utter_message(response="utter_link_code_invalid")
            return []
        profile = coaching.store.profile(tracker.sender_id)
        dispatcher.utter_message(response="utter_link_done")
        return profile_slots(profile) if profile is not None else []

