"""The plan to keep: exported as PDF and Markdown, sent as documents with download links."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.coaching import log_coaching_unavailable
from actions.downloads import offer_download
from actions.language import user_language
from bot.coaching.content import ContentError
from bot.coaching.plan_document import plan_markdown, plan_pdf
from bot.coaching.service import Coaching, get_coaching


def _export(coaching: Coaching, user_id: str, language: str):
    plan = coaching.store.current_plan(user_id)
    if plan is None:
        return None
    document = coaching.plan_document(user_id, plan, language)
    return document, plan_pdf(document, coaching.wording), plan_markdown(document, coaching.wording).encode("utf-8")


class ActionExportPlan(Action):
    def name(self) -> Text:
        return "action_export_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            coaching = await asyncio.to_thread(get_coaching)
            exported = await asyncio.to_thread(_export, coaching, tracker.sender_id, user_language(tracker))
            if exported is None:
                dispatcher.utter_message(response="utter_no_plan_yet")
                return []
            document, pdf, markdown = exported
            pdf_url = offer_download(
                dispatcher, coaching.store, tracker.sender_id, document.filename("pdf"), "application/pdf", pdf
            )
            markdown_url = offer_download(
                dispatcher, coaching.store, tracker.sender_id, document.filename("md"), "text/markdown; charset=utf-8",
                markdown,
            )
        except (ContentError, OSError, SQLAlchemyError) as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return []
        dispatcher.utter_message(response="utter_plan_exported", pdf_url=pdf_url, markdown_url=markdown_url)
        return []
