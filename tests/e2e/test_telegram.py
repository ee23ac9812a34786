"""The real Telegram bridge against the telegram-test-api emulator on loopback, talking to the real coach.

See tests/e2e/telegram_emulator.py for what the emulator cannot verify (photos, documents, the typing
indicator and the command menu are answered by the test adapter and checked there).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.channels.rasa_client import AsyncRasaClient, RasaClient
from bot.channels.telegram.bridge import Retry, TelegramBridge
from bot.channels.telegram.wording import load_bridge_wording
from bot.check_ins import CheckInDelivery
from bot.servers import free_port
from bot.store.coaching_store import CoachingStore
from tests.e2e.telegram_emulator import Emulator, EmulatorRequest, TelegramUser, texts, with_button

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
WORDING = load_bridge_wording(ROOT / "data" / "channels" / "telegram.yml")
_TOKENS = (f"{number}:TEST-TOKEN" for number in itertools.count(7000))
_USER_IDS = itertools.count(500)


@pytest.fixture(scope="module")
def emulator():
    running = Emulator(free_port())
    running.start()
    yield running
    running.stop()


@contextlib.asynccontextmanager
async def bridge_running(emulator, rasa_url, rasa_token):
    """The bridge as `trustcoach telegram` runs it, but polling the emulator: (bridge, application, token, request log)."""
    token = next(_TOKENS)
    bridge = TelegramBridge(coach_client(rasa_url, rasa_token), WORDING, Retry(attempts=3, first_wait=0.5))
    requests = EmulatorRequest()
    application = bridge.build(token, base_url=emulator.url, request=requests, updates_request=EmulatorRequest())
    async with application:
        await application.post_init(application)
        await application.updater.start_polling(poll_interval=0.1, timeout=1)
        await application.start()
        try:
            yield bridge, application, token, requests
        finally:
            await application.updater.stop()
            await application.stop()


def coach_client(rasa_url, rasa_token):
    """The bridge's way into the coach: Rasa's telegram channel, with the internal token."""
    return AsyncRasaClient(rasa_url, timeout=120, channel="telegram", token=rasa_token)


def user(emulator, token, language):
    return TelegramUser(emulator, token, next(_USER_IDS), language)


async def test_a_german_conversation_with_lesson_question_buttons_profile_and_plan(coach, emulator):
    async with bridge_running(emulator, coach.settings.rasa_url, coach.rasa_token) as (bridge, application, token, requests):
        ana = user(emulator, token, "de")
        greeting = await ana.say("/start")
        assert "Trust Coach" in texts(greeting)
        assert "setMyCommands" in requests.answered_locally  # the command menu (emulator: not implemented)

        answer = await ana.say("Ich verkaufe Heizungen. Soll ich im Beratungsgespräch offen sagen, wo die Schwächen meines Produkts liegen?")
        assert "Dazu steht in meinen Artikeln" in texts(answer) and "📖" in texts(answer) and "Sprenger" in texts(answer)
        assert all("**" not in (message.get("text") or "") for message in answer)  # Markdown became entities

        lesson = await ana.press(with_button(greeting, "Die Vertrauenslücke"), "Die Vertrauenslücke")
        assert "Vertrauenslücke" in texts(lesson) and "📖 Quelle" in texts(lesson)

        first = await ana.say("/plan")
        assert "noch keinen Plan" in texts(first)
        question = await ana.press(with_button(first, "Plan erstellen"), "Plan erstellen")
        assert "1/6" in texts(question)
        await ana.press(with_button(question, "Café oder Restaurant"), "Café oder Restaurant")
        for reply in ("vor Ort", "wir sind 5 Leute", "der Laden und Instagram"):
            await ana.say(reply)
        await ana.say("Meine Mitarbeiter sind manchmal unfreundlich")
        plan = await ana.say("nichts davon")
        assert "Vertrauensplan" in texts(plan) and "Warum für dich" in texts(plan)
        ticked = await ana.press(with_button(plan, "✅ Erledigt"), "✅ Erledigt")
        assert "erledigt" in texts(ticked)

        exported = await ana.press(with_button(plan, "📄 PDF / Markdown"), "📄 PDF / Markdown")
        assert "24 Stunden" in texts(exported)
        documents = {name: content for method, chat, name, content in requests.sent_media
                     if method == "sendDocument" and chat == ana.user_id}
        pdf = next(content for name, content in documents.items() if name.endswith(".pdf"))
        assert pdf.startswith(b"%PDF") and any(name.endswith(".md") for name in documents)
        await ana.close()


async def test_an_english_conversation_with_question_button_profile_plan_and_the_chart_as_a_photo(coach, emulator):
    async with bridge_running(emulator, coach.settings.rasa_url, coach.rasa_token) as (bridge, application, token, requests):
        sam = user(emulator, token, "en")
        assert "I'm the Trust Coach" in texts(await sam.say("/start"))
        answer = await sam.say("Why do customers nowadays buy from five different suppliers instead of staying loyal to one?")
        assert "translated from the German original" in texts(answer) and "📖" in texts(answer)
        offer = await sam.say("/plan")
        question = await sam.press(with_button(offer, "Make my plan"), "Make my plan")
        assert "1/6" in texts(question)
        for reply in ("I sell online courses as a coach", "online", "just me", "website and email", "new customers hesitate"):
            await sam.say(reply)
        plan = await sam.say("none")
        assert "trust plan" in texts(plan) and "Why for you" in texts(plan) and "German article" in texts(plan)
        assert "1/12" in texts(await sam.say("/check"))
        for _ in range(12):
            result = await sam.say("4")
        assert "Most room to grow" in texts(result)
        photos = [content for method, chat, name, content in requests.sent_media if method == "sendPhoto" and chat == sam.user_id]
        assert photos and photos[0].startswith(b"\x89PNG")
        await sam.close()


async def test_two_users_at_once_keep_their_conversations_apart(coach, emulator):
    async with bridge_running(emulator, coach.settings.rasa_url, coach.rasa_token) as (bridge, application, token, requests):
        ana, sam = user(emulator, token, "de"), user(emulator, token, "en")
        greetings = await asyncio.gather(ana.say("Hallo"), sam.say("Hello"))
        assert "Hallo, ich bin" in texts(greetings[0]) and "Hello, I'm" in texts(greetings[1])
        started, other = await asyncio.gather(ana.say("Erstell mir bitte einen Plan"), sam.say("/plan"))
        assert "1/6" in texts(started) and "don't have a plan yet" in texts(other)
        assert "2/6" in texts(await ana.say("Wir sind ein Café"))  # Ana's form went on undisturbed
        await ana.close()
        await sam.close()


async def test_while_the_coach_is_down_users_get_a_short_note_and_then_answers_again(coach, emulator):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    async with bridge_running(emulator, down, coach.rasa_token) as (bridge, application, token, requests):
        ana = user(emulator, token, "de")
        assert "startet gerade neu" in texts(await ana.say("Hallo"))
        bridge.rasa = coach_client(coach.settings.rasa_url, coach.rasa_token)  # the coach is back
        assert "Hallo, ich bin" in texts(await ana.say("Hallo"))
        await ana.close()


async def test_a_due_check_in_is_pushed_into_the_telegram_chat(coach, emulator):
    async with bridge_running(emulator, coach.settings.rasa_url, coach.rasa_token) as (bridge, application, token, requests):
        ana = user(emulator, token, "de")
        await ana.say("/request_plan")  # a button's payload typed as a command works as the button
        for answer in ("cafe_restaurant", "in_person", "small", "shop_or_premises", "staff_behaviour"):
            await ana.say(answer)
        plan = await ana.say("none")
        agreed = await ana.press(with_button(plan, "⏰ In 7 Tagen nachfragen"), "⏰ In 7 Tagen nachfragen")
        assert "Ich melde mich am" in texts(agreed)
        with sqlite3.connect(coach.settings.database_url.removeprefix("sqlite:///")) as db:
            db.execute("UPDATE check_ins SET due_at = '2020-01-01 00:00:00' WHERE user_id = ?", (f"telegram:{ana.user_id}",))
        delivery = CheckInDelivery(
            CoachingStore.from_url(coach.settings.database_url), RasaClient(coach.settings.rasa_url, timeout=120),
            coach.rasa_token, {},
        )
        job = SimpleNamespace(job=SimpleNamespace(data=delivery), bot=application.bot)
        await bridge.deliver_check_ins(job)  # what the bridge's JobQueue runs every minute
        pushed = await ana.replies()
        assert "Wie läuft dein Vertrauensplan?" in texts(pushed) and "Als Nächstes: Schritt 1" in texts(pushed)
        assert with_button(pushed, "Keine Erinnerungen mehr")
        await ana.close()


async def test_typed_internal_intents_are_unknown_commands_in_telegram(coach, emulator):
    async with bridge_running(emulator, coach.settings.rasa_url, coach.rasa_token) as (bridge, application, token, requests):
        ana = user(emulator, token, "de")
        await ana.say("/start")
        await ana.say("/request_plan")
        for answer in ("cafe_restaurant", "in_person", "small", "shop_or_premises", "staff_behaviour", "none"):
            await ana.say(answer)
        store = CoachingStore.from_url(coach.settings.database_url)
        plan = store.current_plan(f"telegram:{ana.user_id}")
        for typed in ("/check_in_due", "/forget@0.99", '/request_plan{"business_type": "x"}'):
            assert "Befehl, den ich nicht kenne" in texts(await ana.say(typed)), typed
        assert store.current_plan(f"telegram:{ana.user_id}") == plan and plan is not None
        await ana.close()
