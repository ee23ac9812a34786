"""The web page and its chat widget in a real browser (headless Chromium), talking to the real coach."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.web_chat import WebChat

pytestmark = pytest.mark.e2e


@pytest.fixture
def web_page(coach):
    return f"http://127.0.0.1:{coach.settings.web_port}/"


@pytest.fixture
def german_tab(browser, web_page):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    yield WebChat(context.new_page(), web_page)
    context.close()


@pytest.fixture
def english_tab(browser, web_page):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    yield WebChat(context.new_page(), web_page)
    context.close()


def test_german_visitor_gets_a_cited_answer_and_can_press_buttons(german_tab, screenshots):
    chat = german_tab.open()
    page = chat.page
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Was gespeichert wird" in page.inner_text("main")
    assert "Hallo, ich bin der Trust Coach" in "\n".join(chat.bot_texts())
    assert "Die Vertrauenslücke" in chat.replies()  # the greeting's topic buttons

    answer = "\n".join(chat.say("Lohnt sich eine Geld-zurück-Garantie?"))
    assert "Garantie" in answer and "📖" in answer  # the lesson names its source article

    assert "Gesetz des Wiedersehens" in chat.replies()  # the lesson's follow-up buttons
    lesson = "\n".join(chat.press("Gesetz des Wiedersehens"))
    assert "Wiedersehen" in lesson and "📖" in lesson
    assert "Gesetz des Wiedersehens" in chat.user_texts()  # the pressed button shows as the user's message
    page.screenshot(path=str(screenshots / "german-conversation.png"), full_page=True)
    assert chat.foreign_requests() == [] and chat.page_errors == []


def test_english_visitor_is_answered_in_english_and_can_switch_language(english_tab):
    chat = english_tab.open()
    assert chat.page.locator("html").get_attribute("lang") == "en"
    assert "Hello, I'm the Trust Coach" in "\n".join(chat.bot_texts())
    answer = "\n".join(chat.say("What is the trust gap?"))
    assert "trust gap" in answer.lower() and "📖" in answer

    switched = "\n".join(chat.say("Deutsch bitte"))
    assert "Deutsch" in switched
    assert "Vertrauen" in "\n".join(chat.say("Was sind Vertrauenssignale?"))


def test_self_check_shows_its_chart_in_the_chat(english_tab, screenshots):
    chat = english_tab.open()
    first = "\n".join(chat.press("Self-check"))
    assert "1/12" in first
    for number in range(1, 13):
        last = chat.press("2" if number in (5, 6) else "4")  # statements 5 and 6 are about empathy
    assert "Most room to grow: Empathy" in "\n".join(last)
    charts = [image for image in chat.images() if image["src"].startswith("data:image/png")]
    assert charts and charts[0]["width"] > 100  # the radar chart, decoded by the browser
    chat.page.screenshot(path=str(screenshots / "self-check-chart.png"), full_page=True)


def test_reload_keeps_the_conversation_and_the_plan_comes_with_buttons_and_download_links(german_tab, screenshots):
    chat = german_tab.open()
    assert "1/6" in "\n".join(chat.say("Erstell mir bitte einen Plan für mein Geschäft"))
    assert "2/6" in "\n".join(chat.press("Café oder Restaurant"))
    shown = chat.bot_texts()

    chat.reload()
    assert chat.bot_texts()[: len(shown)] == shown  # the history is back
    # ... and the server still knows where we were: the next answer goes to question 3.
    assert "3/6" in "\n".join(chat.say("vor Ort"))
    chat.say("wir sind 5 Leute")
    chat.say("der Laden und Instagram")
    chat.say("Meine Mitarbeiter sind manchmal unfreundlich")
    plan = "\n".join(chat.say("nichts davon"))
    assert "Vertrauensplan" in plan and "Warum für dich" in plan and "📖" in plan

    exported = "\n".join(chat.press("📄 PDF / Markdown"))  # a quick reply under the plan's last message
    assert "24 Stunden" in exported
    links = chat.page.eval_on_selector_all(
        ".rw-messages-container a[href*='/downloads/']", "links => links.map(link => [link.textContent, link.href, link.target])"
    )
    assert [(title, target) for title, _, target in links] == [("PDF", "_blank"), ("Markdown", "_blank")]
    pdf = chat.page.request.get(links[0][1])
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    # The buttons under the plan's items stay, though other messages followed: the first one ticks item 1.
    assert "Schritt 1" in "\n".join(chat.press_first("✅ Erledigt"))
    chat.page.screenshot(path=str(screenshots / "plan-export.png"), full_page=True)


def test_markup_typed_by_the_user_is_shown_as_text_and_runs_nothing(german_tab):
    chat = german_tab.open()
    attack = '<img src=x onerror="alert(1);window.__owned=1"> <script>window.__owned=2</script>'
    chat.say(attack)
    assert attack in chat.user_texts()
    assert chat.page.locator(".rw-messages-container img[src='x']").count() == 0
    assert chat.page.evaluate("window.__owned") is None
    assert chat.dialogs == []


def test_the_page_loads_nothing_from_other_servers(german_tab):
    chat = german_tab.open()
    chat.say("Was ist der Trust Gap?")
    assert chat.requests, "the page made no requests at all?"
    assert chat.foreign_requests() == []
    policy = chat.page.request.get(chat.url).headers["content-security-policy"]
    assert "script-src 'self'" in policy


def test_an_unreachable_coach_is_announced_and_the_chat_starts_once_it_is_back(german_tab):
    chat = german_tab
    page = chat.page
    page.route("**/socket.io/**", lambda route: route.abort())  # the coach is down
    page.goto(chat.url)
    notice = page.locator("#chat-status")
    notice.wait_for(state="visible", timeout=20_000)
    assert "nicht erreichbar" in notice.inner_text()

    page.unroute("**/socket.io/**")  # ... and back: socket.io reconnects by itself
    notice.wait_for(state="hidden", timeout=30_000)
    chat.wait_for_answer(0)
    assert "Hallo, ich bin der Trust Coach" in "\n".join(chat.bot_texts())


def test_forget_also_deletes_the_browsers_copy_of_the_conversation(german_tab):
    chat = german_tab.open()
    chat.say("Was ist der Trust Gap?")
    session_before = chat.page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id")
    assert "wirklich" in "\n".join(chat.say("/forget"))
    assert "gelöscht" in "\n".join(chat.press("Ja, alles löschen"))

    chat.page.wait_for_event("load", timeout=30_000)  # the page starts afresh once the confirmation was read
    chat.wait_for_answer(0)
    assert "Was ist der Trust Gap?" not in chat.user_texts()
    assert not any("gelöscht" in text for text in chat.bot_texts())
    assert "Hallo, ich bin der Trust Coach" in "\n".join(chat.bot_texts())
    session_after = chat.page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id")
    assert session_after != session_before


def test_a_demo_plays_a_script_on_the_web_page_for_an_audience(coach, browser):
    # Here, with the other browser tests: the browser's event loop must not start before the asyncio tests ran.
    from bot.scripting.demo import Pace, WidgetDriver, play_demo
    from bot.scripting.script import load_scripts

    lessons = Path(__file__).resolve().parents[1] / "conversations" / "lessons.yml"
    case = next(c for c in load_scripts([lessons]) if c.name.startswith("the_trust_gap"))
    page = browser.new_page()
    try:
        answers = play_demo(case, "en", WidgetDriver(page), coach.settings.web_url, Pace.instant())
        assert len(answers) == 2 and "trust gap" in " ".join(answers[1]).lower()
        assert page.locator(".rw-messages-container .rw-client").all_inner_texts()[0].strip() == "Hello"
    finally:
        page.close()
