"""The plan as a document to keep: Markdown (text) and PDF (fpdf2, with the DejaVu font that matplotlib ships)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import List, Sequence

import matplotlib
from fpdf import FPDF

from bot.coaching.wording import PlanWording

# DejaVu covers German and the typographic marks of the content (– „ “ •); matplotlib is a dependency anyway.
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_FONT = "DejaVu"


@dataclass(frozen=True)
class PlanEntry:
    """One plan item in the reader's language, ready to be shown or written."""

    position: int
    title: str
    effort: str
    status: str  # open | done | skipped
    status_label: str
    steps: List[str]
    why: List[str]
    source: str


@dataclass(frozen=True)
class PlanDocument:
    language: str
    created_at: datetime
    entries: Sequence[PlanEntry]
    profile: Sequence[str]  # the business, in words: "café or restaurant", "2 to 10 people", ...

    def count(self, status: str) -> int:
        return sum(entry.status == status for entry in self.entries)

    def filename(self, extension: str) -> str:
        return f"trust-plan-{self.created_at:%Y-%m-%d}.{extension}"


def _date(document: PlanDocument) -> str:
    return document.created_at.strftime("%d.%m.%Y" if document.language == "de" else "%Y-%m-%d")


def _progress(document: PlanDocument, wording: PlanWording) -> str:
    return wording.heading(
        "progress", document.language,
        done=document.count("done"), skipped=document.count("skipped"), total=len(document.entries),
    )


def plan_markdown(document: PlanDocument, wording: PlanWording) -> str:
    language = document.language
    lines = [
        f"# {wording.heading('title', language)}", "",
        f"_{wording.heading('created', language, date=_date(document))}_", "",
        _progress(document, wording), "",
    ]
    if document.profile:
        lines += [f"**{wording.heading('profile', language)}:** {', '.join(document.profile)}", ""]
    for entry in document.entries:
        mark = "x" if entry.status == "done" else " "
        # A skipped step is struck through: still there to read, clearly not open.
        title = f"~~{entry.position}. {entry.title}~~" if entry.status == "skipped" else f"{entry.position}. {entry.title}"
        lines += [
            f"## [{mark}] {title}", "",
            f"{wording.heading('effort', language)}: {entry.effort} · {wording.heading('status', language)}: {entry.status_label}",
            "", f"**{wording.heading('steps', language)}**", "",
            *[f"- {step}" for step in entry.steps], "",
            f"**{wording.heading('why', language)}:** {' '.join(entry.why)}", "",
            f"_{wording.heading('source', language, source=entry.source)}_", "",
        ]
    return "\n".join(lines)


_BLACK = (0, 0, 0)
_SKIPPED_GREY = (140, 140, 140)


class _PlanPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font(_FONT, "", str(_FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(_FONT, "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(_FONT, "I", str(_FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(18, 18, 18)

    def paragraph(self, text: str, size: float = 10.5, style: str = "", gap: float = 1.5) -> None:
        self.set_font(_FONT, style, size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def bullet(self, text: str) -> None:
        self.set_font(_FONT, "", 10.5)
        self.set_x(self.l_margin + 4)
        self.multi_cell(0, 5.25, f"•  {text}", new_x="LMARGIN", new_y="NEXT")


def plan_pdf(document: PlanDocument, wording: PlanWording) -> bytes:
    language = document.language
    pdf = _PlanPdf()
    pdf.set_title(wording.heading("title", language))
    pdf.set_creator("Trust Coach")
    pdf.add_page()
    pdf.paragraph(wording.heading("title", language), size=20, style="B", gap=3)
    pdf.paragraph(wording.heading("created", language, date=_date(document)), size=9.5, style="I")
    pdf.paragraph(_progress(document, wording))
    if document.profile:
        pdf.paragraph(f"{wording.heading('profile', language)}: {', '.join(document.profile)}", gap=4)
    for entry in document.entries:
        skipped = entry.status == "skipped"
        # Skipped steps are greyed out and struck through, open ones keep an empty box, done ones a ticked one.
        pdf.set_text_color(*(_SKIPPED_GREY if skipped else _BLACK))
        mark = {"done": "☑", "skipped": "⊘"}.get(entry.status, "☐")
        pdf.paragraph(f"{mark} {entry.position}. {entry.title}", size=13, style="BS" if skipped else "B")
        pdf.paragraph(
            f"{wording.heading('effort', language)}: {entry.effort} · "
            f"{wording.heading('status', language)}: {entry.status_label}", size=9.5,
        )
        for step in entry.steps:
            pdf.bullet(step)
        pdf.ln(1.5)
        pdf.paragraph(f"{wording.heading('why', language)}: {' '.join(entry.why)}")
        pdf.paragraph(wording.heading("source", language, source=entry.source), size=9.5, style="I", gap=5)
    pdf.set_text_color(*_BLACK)
    return bytes(pdf.output())
