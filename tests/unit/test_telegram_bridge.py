"""The Telegram bridge against a recorded Bot API: what users see, in order, and how it copes with failures."""

from __future__ import annotations

import asyncio
import base64
import logging
from pathlib import Path

import pytest
from telegram import Update

from bot.channels.rasa_client import BotMessage, Button, CoachNotReached
from bot.channels.telegram.bridge import Retry, TelegramBridge
from bot.channels.telegram.wording import load_bridge_wording
from tests.fakes import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
WORDING = load_bridge_wording(ROOT / "data" / "channels" / "telegram.yml")
PNG = b"\x89PNG\r\n\x1a\nchart"


class FakeCoach:
    """The Rasa server as the bridge sees it: records messages, answers from a script."""

    def __init__(self, replies=None, unreachable: int = 0, delay_for=None):
        self.received = []
        self.replies = replies or [BotMessage(text="Hallo, ich bin der **Trust Coach**.")]
        self.unreachable = unreachable
        self.delay_for = delay_for or {}
        self.documents = {}

    async def send(self, sender, text, metadata=None):
        if self.unreachable:
            self.unreachable -= 1
            raise CoachNotReached("connection refused")
        self.received.append((sender, text, metadata))
        await asyncio.sleep(self.delay_for.get(text, 0))
        return self.replies(text) if callable(self.replies) else self.replies

    async def fetch(self, url):
        return self.documents[url]


@pytest.fixture
def api():
    return FakeTelegramApi()


async def started(coach, api):
    bridge = TelegramBridge(coach, WORDING, Retry(attempts=3, first_wait=0.0))
    application = bridge.build("123:TEST", request=api, updates_request=FakeTelegramApi())
    await application.initialize()
    return bridge, application


def message_update(update_id, text, user_id=42, language="de"):
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 1_700_000_000, "text": text, "entities": entities,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": language},
        },
    }


def button_update(update_id, data, user_id=42):
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}", "chat_instance": "1", "data": data,
            "from": {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": "en"},
            "message": {"message_id": 1, "date": 1_700_000_000, "chat": {"id": user_id, "type": "private"}, "text": "?"},
        },
    }


async def process(application, data):
    await application.process_update(Update.de_json(data, application.bot))


async def test_a_message_goes_to_the_coach_and_the_reply_comes_back_formatted_with_buttons(api):
    coach = FakeCoach([BotMessage(text="Hallo, ich bin der **Trust Coach**.", buttons=[
        Button("Die Vertrauenslücke", "/ask_trust_gap"),
        Button("✅ Erledigt", '/update_plan_item{"item_number": "1", "item_status": "done"}'),
    ])])
    bridge, application = await started(coach, api)
    await process(application, message_update(1, "Hallo!", language="de"))
    assert coach.received == [("telegram:42", "Hallo!", {"language": "de"})]
    sent = api.sent("sendMessage")[0]
    assert sent["text"] == "Hallo, ich bin der Trust Coach." and "**" not in sent["text"]
    assert sent["entities"] == [{"type": "bold", "offset": 19, "length": 11}]
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Die Vertrauenslücke", "✅ Erledigt"]
    assert rows[0][0]["callback_data"] == "/ask_trust_gap"
    await application.shutdown()


async def test_a_button_press_sends_its_payload_and_stops_the_spinner(api):
    coach = FakeCoach()
    bridge, application = await started(coach, api)
    await process(application, button_update(2, "/ask_trust_gap"))
    assert api.sent("answerCallbackQuery") and coach.received[0][1] == "/ask_trust_gap"
    assert coach.received[0][2] == {"language": "en"}
    await application.shutdown()


async def test_payloads_too_long_for_telegram_travel_under_a_short_key(api):
    long_payload = '/change_profile{"profile_question": "business_type", "note": "a payload longer than 64 bytes"}'
    coach = FakeCoach([BotMessage(text="Welche?", buttons=[Button("Art des Geschäfts", long_payload)])])
    bridge, application = await started(coach, api)
    await process(application, message_update(3, "Angaben ändern"))
    key = api.sent("sendMessage")[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(key.encode()) <= 64
    await process(application, button_update(4, key))
    assert coach.received[-1][1] == long_payload
    await process(application, button_update(5, "#unknown-key"))  # e.g. pressed after a bridge restart
    assert "nicht mehr aktiv" in api.sent("sendMessage")[-1]["text"] or "no longer active" in api.sent("sendMessage")[-1]["text"]
    await application.shutdown()


async def test_the_chart_is_sent_as_a_photo_and_the_plan_pdf_as_a_document(api):
    url = "http://127.0.0.1:5055/downloads/token/trust-plan-2026-11-23.pdf"
    coach = FakeCoach([
        BotMessage(text="Dein Ergebnis:", image="data:image/png;base64," + base64.b64encode(PNG).decode()),
        BotMessage(text=f"Hier ist dein Plan: [PDF]({url})"),
        BotMessage(custom={"document": {"url": url, "filename": "trust-plan-2026-11-23.pdf", "media_type": "application/pdf"}}),
    ])
    coach.documents[url] = b"%PDF-1.7 plan"
    bridge, application = await started(coach, api)
    await process(application, message_update(6, "Selbstcheck fertig"))
    assert api.files("sendPhoto")[0]["photo"][1] == PNG
    assert api.files("sendDocument")[0]["document"] == ("trust-plan-2026-11-23.pdf", b"%PDF-1.7 plan")
    link = api.sent("sendMessage")[1]["entities"][0]
    assert link["type"] == "text_link" and link["url"] == url
    await application.shutdown()


@pytest.mark.parametrize("command, coach_message", [
    ("/start", "/greet"), ("/help", "/request_help"), ("/plan", "/show_plan"), ("/check", "/start_self_check"),
    ("/lang en", "/lang en"), ("/mydata", "/mydata"), ("/forget", "/forget"),
])
async def test_commands_reach_the_coach_as_its_intents(api, command, coach_message):
    coach = FakeCoach()
    bridge, application = await started(coach, api)
    await process(application, message_update(7, command))
    assert coach.received[0][1] == coach_message
    await application.shutdown()


async def test_the_command_menu_is_registered_in_both_languages(api):
    bridge, application = await started(FakeCoach(), api)
    await application.post_init(application)
    menus = {call.get("language_code"): call["commands"] for call in api.sent("setMyCommands")}
    assert [c["command"] for c in menus["de"]] == ["start", "help", "plan", "check", "lang", "mydata", "forget"]
    assert menus["en"][2]["description"] == "Your trust plan" and menus["de"][2]["description"] == "Dein Vertrauensplan"
    await application.shutdown()


async def test_a_restarting_coach_is_retried_and_the_user_notices_nothing(api):
    coach = FakeCoach(unreachable=2)
    bridge, application = await started(coach, api)
    await process(application, message_update(8, "Hallo"))
    assert [m["text"] for m in api.sent("sendMessage")] == ["Hallo, ich bin der Trust Coach."]
    await application.shutdown()


async def test_a_coach_that_stays_down_gets_a_short_friendly_note(api):
    coach = FakeCoach(unreachable=10)
    bridge, application = await started(coach, api)
    await process(application, message_update(9, "Hello", language="en"))
    assert api.sent("sendMessage")[-1]["text"].startswith("The coach is restarting")
    await application.shutdown()


async def test_telegram_rate_limits_and_network_errors_are_retried(api):
    api.fail_next = [("sendMessage", 429), ("sendMessage", "network")]
    bridge, application = await started(FakeCoach(), api)
    await process(application, message_update(10, "Hallo"))
    assert [m["text"] for m in api.sent("sendMessage")] == ["Hallo, ich bin der Trust Coach."]
    await application.shutdown()


async def test_one_chat_is_answered_in_order_while_another_chat_goes_ahead(api):
    coach = FakeCoach(replies=lambda text: [BotMessage(text=f"re: {text}")], delay_for={"eins (langsam)": 0.3})
    bridge, application = await started(coach, api)
    await application.start()
    for update in (message_update(11, "eins (langsam)", user_id=1), message_update(12, "zwei", user_id=1),
                   message_update(13, "andere Person", user_id=2)):
        await application.update_queue.put(Update.de_json(update, application.bot))
    for _ in range(100):
        if len(api.sent("sendMessage")) == 3:
            break
        await asyncio.sleep(0.05)
    order = [m["text"] for m in api.sent("sendMessage")]
    assert order.index("re: eins (langsam)") < order.index("re: zwei")
    assert order.index("re: andere Person") < order.index("re: eins (langsam)")  # not held up by chat 1
    await application.stop()
    await application.shutdown()


async def test_a_failing_update_is_logged_without_what_the_user_wrote(api, caplog):
    class BrokenCoach(FakeCoach):
        async def send(self, sender, text, metadata=None):
            raise RuntimeError("boom")

    bridge, application = await started(BrokenCoach(), api)
    with caplog.at_level(logging.ERROR):
        await process(application, message_update(14, "meine geheime Umsatzzahl 48.000"))
        await asyncio.sleep(0.05)
    assert "RuntimeError" in caplog.text and "48.000" not in caplog.text
    await application.shutdown()


async def test_due_check_ins_are_pushed_into_the_users_chat(api, tmp_path):
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from bot.check_ins import CheckInDelivery
    from bot.clock import ManualClock
    from bot.store.coaching_store import CoachingStore

    class TriggeringCoach:
        def trigger_intent(self, sender, intent, token):
            assert (sender, intent, token) == ("telegram:42", "check_in_due", "secret")
            return [BotMessage(text="Wie läuft dein **Vertrauensplan**?", buttons=[Button("Plan anzeigen", "/show_plan")])]

    clock = ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))
    store = CoachingStore.from_url(f"sqlite:///{tmp_path / 'coaching.db'}", clock)
    store.schedule_check_in("telegram:42", timedelta(days=7))
    clock.advance(days=7)
    bridge, application = await started(FakeCoach(), api)
    delivery = CheckInDelivery(store, TriggeringCoach(), "secret", {})
    await bridge.deliver_check_ins(SimpleNamespace(job=SimpleNamespace(data=delivery), bot=application.bot))
    pushed = api.sent("sendMessage")[0]
    assert pushed["chat_id"] == 42 and pushed["text"] == "Wie läuft dein Vertrauensplan?"
    assert pushed["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/show_plan"
    assert store.due_check_ins() == []
    await application.shutdown()


async def test_pictures_and_voice_get_a_note_and_a_stickers_emoji_goes_to_the_coach(api):
    coach = FakeCoach()
    bridge, application = await started(coach, api)
    voice = message_update(20, "x")
    del voice["message"]["text"], voice["message"]["entities"]
    voice["message"]["voice"] = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}
    await process(application, voice)
    assert "nur Textnachrichten" in api.sent("sendMessage")[-1]["text"] and coach.received == []
    sticker = message_update(21, "x")
    del sticker["message"]["text"], sticker["message"]["entities"]
    sticker["message"]["sticker"] = {"file_id": "s1", "file_unique_id": "s1", "width": 1, "height": 1,
                                     "is_animated": False, "is_video": False, "type": "regular", "emoji": "👍"}
    await process(application, sticker)
    assert coach.received[-1][1] == "👍"
    await application.shutdown()


def test_a_rejected_token_stops_the_bridge_with_a_clear_message():
    from bot.channels.telegram.bridge import TelegramBridgeError, run_bridge

    bridge = TelegramBridge(FakeCoach(), WORDING)
    with pytest.raises(TelegramBridgeError, match="rejected TELEGRAM_BOT_TOKEN"):
        run_bridge(bridge, "123:WRONG", request=FakeTelegramApi(token_rejected=True))
    with pytest.raises(TelegramBridgeError, match="not set"):
        run_bridge(bridge, "")


def test_the_http_logs_that_would_show_the_token_are_quieted():
    from bot.channels.telegram.bridge import quiet_http_logs

    quiet_http_logs()
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)  # "POST .../bot<token>/getUpdates"


async def test_a_document_that_cannot_be_fetched_is_explained_and_the_link_stays(api):
    import httpx

    class ExpiredDocuments(FakeCoach):
        async def fetch(self, url):
            raise httpx.HTTPStatusError("404", request=httpx.Request("GET", url), response=httpx.Response(404))

    url = "http://127.0.0.1:5055/downloads/gone/trust-plan.pdf"
    coach = ExpiredDocuments([BotMessage(text=f"[PDF]({url})"),
                              BotMessage(custom={"document": {"url": url, "filename": "trust-plan.pdf"}})])
    bridge, application = await started(coach, api)
    await process(application, message_update(30, "Plan als PDF", language="en"))
    assert api.files("sendDocument") == []
    assert api.sent("sendMessage")[-1]["text"].startswith("I couldn't send the file just now")
    await application.shutdown()


async def test_a_formatted_message_telegram_refuses_is_sent_as_plain_text(api):
    api.fail_next = [("sendMessage", "bad_request")]
    coach = FakeCoach([BotMessage(text="Dein Plan: [PDF](http://127.0.0.1:5055/downloads/t/plan.pdf)")])
    bridge, application = await started(coach, api)
    await process(application, message_update(31, "Plan als PDF"))
    sent = api.sent("sendMessage")
    assert len(sent) == 1 and sent[0]["text"] == "Dein Plan: PDF" and "entities" not in sent[0]
    await application.shutdown()
