"""Accuracy of the coach's understanding of typed answers (`make bench-understanding`).

Runs the development set (bench/understanding/dev.yml, or --cases FILE) through bot/understanding: every
profile question, self-check ratings, check-in dates, plan-step ticks and the conversation language.
Prints accuracy per question and overall (goal 0.95) and every miss.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coaching.wording import load_wording  # noqa: E402
from bot.domain_responses import buttons  # noqa: E402
from bot.knowledge.embedders import make_embedder  # noqa: E402
from bot.language import DETECTED, choose_language, get_language_detector  # noqa: E402
from bot.understanding.service import SEVERAL_ANSWERS, load_understanding  # noqa: E402

GOAL = 0.95
TODAY = datetime(2026, 12, 1, 9, 0)


def profile_result(understanding, question, text):
    reading = understanding.profile_answer(question, text)
    if reading.dont_know:
        return "dont_know"
    if not reading.understood:
        return None
    return sorted(reading.values) if question in SEVERAL_ANSWERS else reading.values[0]


def rating_result(understanding, text):
    reading = understanding.rating(text)
    return "dont_know" if reading.dont_know else reading.rating


def language_result(understanding, payloads, text, current):
    typed = "" if text.strip().casefold() in payloads else text
    detection = get_language_detector().detection(typed)
    choice = choose_language(
        current=current, current_source=DETECTED, explicit=understanding.language_request(typed, detection.language),
        detected=detection, metadata=None, default="de",
    )
    return choice.language


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=[ROOT / "bench" / "understanding" / "dev.yml"])
    args = parser.parse_args()
    content = ROOT / "data" / "coaching"
    understanding = load_understanding(content, load_wording(content / "wording.yml"), make_embedder())
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    payloads = {str(button.get("payload") or "").casefold() for _variation, button in buttons(domain["responses"])}
    for path in args.cases:
        print(f"== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        run(yaml.safe_load(path.read_text(encoding="utf-8")), understanding, payloads)
    return 0


def run(cases, understanding, payloads) -> None:

    results = defaultdict(list)  # part -> [(ok, text, expected, got)]
    for question, entries in (cases.get("profile") or {}).items():
        for text, expected in entries:
            got = profile_result(understanding, question, text)
            expected = sorted(expected) if isinstance(expected, list) else expected
            results[f"profile: {question}"].append((got == expected, text, expected, got))
    for text, expected in cases.get("ratings") or []:
        got = rating_result(understanding, text)
        results["self-check ratings"].append((got == expected, text, expected, got))
    for language, text, expected in cases.get("durations") or []:
        got = understanding.check_in_days(text, TODAY, language).days
        results["check-in dates"].append((got == expected, text, expected, got))
    items = cases.get("plan_items") or {}
    for text, number, status in items.get("cases") or []:
        got = understanding.plan_item(text, items["titles"])
        results["plan steps"].append(((got.number, got.status) == (number, status), text, (number, status), (got.number, got.status)))
    for text, current, expected in cases.get("languages") or []:
        got = language_result(understanding, payloads, text, current)
        results["language"].append((got == expected, text, expected, got))

    total = sum(len(entries) for entries in results.values())
    right = sum(ok for entries in results.values() for ok, *_ in entries)
    print(f"{'part':28} {'cases':>5} {'accuracy':>8}")
    for part, entries in results.items():
        print(f"{part:28} {len(entries):5d} {sum(ok for ok, *_ in entries) / len(entries):8.2f}")
    print(f"{'overall':28} {total:5d} {right / total:8.2f}   (goal {GOAL:.2f})")
    misses = [(part, text, expected, got) for part, entries in results.items() for ok, text, expected, got in entries if not ok]
    if misses:
        print("\nmisses:")
        for part, text, expected, got in misses:
            print(f"  {part}: {text!r}: expected {expected!r}, got {got!r}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
