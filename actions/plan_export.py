"""The plan to keep: exported as PDF and Markdown, sent as documents with download links."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.coaching_action import CoachingAction
from actions.downloads import keep_for_download
from actions.language import user_language
from bot.coaching.plan_document import plan_markdown, plan_pdf
from bot.coaching.service import Coaching


class ActionExportPlan(CoachingAction):
    def name(self) -> Text:
        return "action_export_plan"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        user_id = tracker.sender_id
        plan = coaching.store.current_plan(user_id)
        if plan is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        document = coaching.plan_document(user_id, plan, user_language(tracker))
        pdf = plan_pdf(document, coaching.wording)
        markdown = plan_markdown(document, coaching.wording).encode("utf-8")
        pdf_file = keep_for_download(coaching.store, user_id, document.filename("pdf"), "application/pdf", pdf)
        markdown_file = keep_for_download(
            coaching.store, user_id, document.filename("md"), "text/markdown; charset=utf-8", markdown
        )
        dispatcher.utter_message(response="utter_plan_exported", pdf_url=pdf_file.url, markdown_url=markdown_file.url)
        pdf_file.send(dispatcher)
        markdown_file.send(dispatcher)
        return []
