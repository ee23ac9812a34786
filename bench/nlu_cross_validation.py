"""Prints cross-validated intent and entity F1 of the NLU pipeline (`make bench-nlu`).

Examples that are slash commands ("/start", "/help") are left out of the measurement: `rasa test` reads
them as the intent named after the slash (here: `start`), so they would count as errors by construction,
while the live server, knowing the domain, passes unknown commands on to the classifier.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import re
import shutil
import time
from pathlib import Path

GOAL_MACRO_F1 = 0.90


_SLASH_EXAMPLE = re.compile(r"^\s*- /")


def without_slash_commands(source: Path, target: Path) -> int:
    """Copy the NLU files, leaving out slash-command examples; returns how many were left out."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    left_out = 0
    for path in sorted(source.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not _SLASH_EXAMPLE.match(line)]
        left_out += len(lines) - len(kept)
        (target / path.name).write_text("".join(kept), encoding="utf-8")
    return left_out


def run_cross_validation(rasa: str, folds: int, out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    data = out / "nlu_data"
    left_out = without_slash_commands(Path("data/nlu"), data)
    print(f"{left_out} slash-command examples left out of the measurement")
    started = time.monotonic()
    subprocess.run(
        [rasa, "test", "nlu", "--nlu", str(data), "--config", "config.yml",
         "--cross-validation", "--folds", str(folds), "--out", str(out)],
        check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return time.monotonic() - started


def print_report(out: Path, seconds: float, folds: int) -> bool:
    intents = json.loads((out / "intent_report.json").read_text())
    print(f"\nNLU cross-validation, {folds} folds, {seconds / 60:.1f} min\n")
    print(f"{'intent':28} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}")
    for name, scores in sorted(intents.items()):
        if isinstance(scores, dict) and "support" in scores and not name.endswith(" avg"):
            print(f"{name:28} {scores['precision']:9.3f} {scores['recall']:7.3f} {scores['f1-score']:6.3f} {scores['support']:5d}")
    macro = intents["macro avg"]["f1-score"]
    print(f"\nintent macro F1: {macro:.3f}  (goal >= {GOAL_MACRO_F1:.2f}: {'met' if macro >= GOAL_MACRO_F1 else 'NOT met'})")
    print(f"intent accuracy: {intents['accuracy']:.3f}")
    entity_report = out / "DIETClassifier_report.json"
    if entity_report.exists():
        entities = json.loads(entity_report.read_text())
        print(f"entity (language) macro F1: {entities['macro avg']['f1-score']:.3f}")
    return macro >= GOAL_MACRO_F1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa", default=".venv-rasa/bin/rasa")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("build/results/nlu"))
    args = parser.parse_args()
    seconds = run_cross_validation(args.rasa, args.folds, args.out)
    print_report(args.out, seconds, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
