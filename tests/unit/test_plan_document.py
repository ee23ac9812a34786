"""The plan as a document to keep: Markdown and a PDF a user can open, print and read in their language."""

import io

import pytest
from pypdf import PdfReader

from bot.coaching.plan_document import plan_markdown, plan_pdf
from bot.coaching.profile import BusinessProfile
from tests.helpers import load_coaching

USER = "web:document-test"
PROFILE = BusinessProfile("cafe_restaurant", "in_person", "small", "staff_behaviour", ("shop_or_premises",), ())


@pytest.fixture(scope="module")
def coaching(tmp_path_factory):
    loaded = load_coaching(tmp_path_factory.mktemp("db"))
    loaded.make_plan(USER, PROFILE)
    loaded.store.set_item_status(USER, 1, "done")
    loaded.store.set_item_status(USER, 3, "skipped")
    return loaded


def document(coaching, language):
    return coaching.plan_document(USER, coaching.store.current_plan(USER), language)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language, heading, why, business", [
    ("de", "Dein Vertrauensplan", "Warum für dich", "Café oder Restaurant"),
    ("en", "Your trust plan", "Why for you", "café or restaurant"),
])
def test_markdown_has_every_item_with_steps_reasons_sources_and_progress(coaching, language, heading, why, business):
    plan = document(coaching, language)
    markdown = plan_markdown(plan, coaching.wording)
    assert markdown.startswith(f"# {heading}") and business in markdown
    assert f"## [x] 1. {plan.entries[0].title}" in markdown  # done items are ticked
    assert f"## [ ] 2. {plan.entries[1].title}" in markdown
    assert f"## [ ] ~~3. {plan.entries[2].title}~~" in markdown  # skipped items are struck through, not open
    for entry in plan.entries:
        assert entry.steps[0] in markdown and entry.source in markdown
    assert markdown.count(f"**{why}:**") == len(plan.entries)
    assert ("1 von" if language == "de" else "1 of") in markdown


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_pdf_opens_and_reads_like_the_plan(coaching, language):
    plan = document(coaching, language)
    content = plan_pdf(plan, coaching.wording)
    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content).split())
    assert coaching.wording.heading("title", language) in text
    for entry in plan.entries:
        assert " ".join(entry.title.split()) in text
    assert f"☑ 1." in text and f"⊘ 3." in text and f"☐ 2." in text  # done, skipped and open look different
    assert "Sprenger" in text or "Botsman" in text or "Milz" in text  # sources are named
    assert ("ä" in text or "ü" in text or "ö" in text) if language == "de" else True  # umlauts survive


def test_file_names_carry_the_date(coaching):
    plan = document(coaching, "de")
    assert plan.filename("pdf") == f"trust-plan-{plan.created_at:%Y-%m-%d}.pdf"
