"""Keeping a plan over the real servers: export, check-ins, changing an answer, /mydata, /forget, link codes."""

from __future__ import annotations

import io
import sqlite3

import httpx
import pytest
from pypdf import PdfReader

from bot.channels.rasa_client import RasaClient
from bot.check_ins import CheckInDelivery
from bot.store.coaching_store import CoachingStore
from tests.e2e.chat import Conversation, all_text, documents, make_plan, payloads

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

DAY = 86400


def db_path(coach) -> str:
    return coach.settings.database_url.removeprefix("sqlite:///")


def make_due_now(coach, sender: str) -> None:
    """The coach's clock cannot be turned in a running server: move the stored due date into the past instead."""
    with sqlite3.connect(db_path(coach)) as db:
        db.execute("UPDATE check_ins SET due_at = '2020-01-01 00:00:00' WHERE user_id = ?", (sender,))


def stored_messages(coach, sender: str) -> list:
    with sqlite3.connect(coach.settings.tracker_db) as db:
        rows = db.execute(
            "SELECT json_extract(data, '$.text') FROM events WHERE sender_id = ? AND type_name IN ('user', 'bot')",
            (sender,),
        ).fetchall()
    return [text for (text,) in rows]


def test_export_as_pdf_and_markdown_and_change_one_answer(client):
    chat = Conversation(client)
    plan = make_plan(chat)
    first_title = all_text(plan).split("**1. ")[1].split("**")[0]
    assert "/export_plan" in payloads(plan)

    exported = chat.say("Kann ich den Plan als PDF bekommen?")
    files = documents(exported)
    assert set(files) == {"pdf", "md"} and "24 Stunden" in all_text(exported)
    pdf = httpx.get(files["pdf"]["url"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dein Vertrauensplan" in " ".join(text.split()) and " ".join(first_title.split()) in " ".join(text.split())
    markdown = httpx.get(files["md"]["url"]).text
    assert f"## [ ] 1. {first_title}" in markdown and "Verhalten von Mitarbeitenden" in markdown
    assert httpx.get(files["pdf"]["url"].replace("/downloads/", "/downloads/x")).status_code == 404

    listed = chat.say("/change_profile")
    assert "Teamgröße: 2 bis 10 Personen" in all_text(listed)
    asked = chat.text('/change_profile{"profile_question": "team_size"}')
    assert "**3/6**" in asked  # only the chosen question
    replanned = chat.text("nur ich")
    assert "Vertrauensplan" in replanned and "deinem Team" not in replanned
    assert first_title not in replanned  # the team action that led the café's plan does not fit a business of one


def test_check_in_is_pushed_by_triggering_an_intent(coach, client):
    chat = Conversation(client, metadata={"language": "en"})
    make_plan(chat)
    assert "I'll check in with you on" in chat.text('/request_check_in{"check_in_days": "7"}')
    make_due_now(coach, chat.sender)
    pushed = []
    rasa = RasaClient(coach.settings.rasa_url, timeout=120)
    delivery = CheckInDelivery(
        CoachingStore.from_url(coach.settings.database_url), rasa, coach.rasa_token,
        {"rest": lambda user, messages: pushed.append((user, messages))},  # as if REST users could be pushed to
    )
    try:
        assert delivery.deliver_due() == 1
        assert delivery.deliver_due() == 0  # once
    finally:
        rasa.close()
    user, messages = pushed[0]
    assert user == chat.sender and "how is your trust plan going" in all_text(messages)
    assert "Next up: step 1" in all_text(messages) and "/cancel_check_in" in payloads(messages)


def test_check_in_is_shown_at_the_next_visit(coach, client):
    chat = Conversation(client)
    make_plan(chat)
    chat.say('/request_check_in{"check_in_days": "7"}')
    make_due_now(coach, chat.sender)
    with sqlite3.connect(coach.settings.tracker_db) as db:  # the user was away for three days
        db.execute(
            "UPDATE events SET timestamp = timestamp - ?, data = json_set(data, '$.timestamp', "
            "json_extract(data, '$.timestamp') - ?) WHERE sender_id = ?", (3 * DAY, 3 * DAY, chat.sender),
        )
    visit = chat.text("Hallo, ich bin wieder da")
    assert "Wie läuft dein Vertrauensplan?" in visit and "Als Nächstes: Schritt 1" in visit
    assert "Wie läuft dein Vertrauensplan?" not in chat.text("Hallo")


def test_my_data_then_forget_deletes_everything_after_confirmation(coach, client):
    chat = Conversation(client)
    chat.say("Hallo")
    make_plan(chat)

    mine = chat.say("/mydata")
    data = httpx.get(documents(mine)["json"]["url"]).json()
    assert data["user_id"] == chat.sender and data["profile"]["business_type"] == "cafe_restaurant"
    assert data["plans"][0]["items"] and any(m["text"] == "Hallo" for m in data["conversation"])

    asked = chat.say("lösche meine Daten")
    assert "wirklich" in all_text(asked) and payloads(asked) == ["/affirm", "/deny"]
    assert "nichts gelöscht" in chat.text("/deny")
    assert chat.text("/show_plan").count("Warum für dich") >= 5  # still there

    chat.say("/forget")
    assert "gelöscht" in chat.text("/affirm")
    store = CoachingStore.from_url(coach.settings.database_url)
    assert store.export_user(chat.sender) == {
        "user_id": chat.sender, "profile": None, "self_checks": [], "plans": [], "check_ins": [], "downloads": [],
    }
    assert "Hallo" not in stored_messages(coach, chat.sender) and "/mydata" not in stored_messages(coach, chat.sender)
    assert httpx.get(documents(mine)["json"]["url"]).status_code == 404
    assert "noch keinen Plan" in chat.text("/show_plan")


def test_a_link_code_continues_the_plan_on_another_channel(client, channel_client):
    web = Conversation(client)
    plan = all_text(make_plan(web))
    code_message = web.text("/link")
    code = code_message.split("**")[1]
    telegram = Conversation(channel_client("telegram"))
    assert "Verknüpft" in telegram.text(f"link {code}")
    first_title = plan.split("**1. ")[1].split("**")[0]
    assert f"**1. {first_title}**" in telegram.text("/show_plan")
    assert "funktioniert nicht" in Conversation(client).text(f"link {code}")  # only once
