"""The console report of a script run: per case and language passed or failed, for a failure the script line,
what was expected, what came instead and the conversation up to it; totals per language."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import List, Mapping, Sequence

import yaml

from bot.scripting.runner import CaseRun


def console_report(runs: Sequence[CaseRun], verbose: bool = False) -> str:
    lines: List[str] = []
    for run in runs:
        mark = "PASS" if run.passed else "FAIL"
        lines.append(f"{mark}  {run.case.name} [{run.language}, {run.channel}]  {run.seconds:.1f} s")
        if run.error:
            lines.append(f"      could not be played: {run.error}")
        failure = run.first_failure
        if failure is not None:
            lines.append(f"      step at {failure.step.source}: {failure.step.kind}")
            lines.append(f"      expected: {failure.failure.expected}")
            lines += [f"      got:      {line}" if number == 0 else f"                {line}"
                      for number, line in enumerate(failure.failure.got.splitlines() or [""])]
        if failure is not None or run.error or verbose:
            lines += ["      conversation:"] + _transcript(run)
    totals = Counter((run.language, run.passed) for run in runs)
    languages = sorted({run.language for run in runs})
    summary = ", ".join(f"{language}: {totals[(language, True)]}/{totals[(language, True)] + totals[(language, False)]} passed" for language in languages)
    lines.append(f"\n{sum(run.passed for run in runs)} of {len(runs)} runs passed ({summary or 'nothing run'}).")
    return "\n".join(lines)


def _transcript(run: CaseRun) -> List[str]:
    lines: List[str] = []
    for turn in run.transcript:
        lines.append(f"        user:  {turn.shown}")
        for message in turn.messages:
            for number, line in enumerate((message.text or "").splitlines()):
                lines.append(f"        coach: {line}" if number == 0 else f"               {line}")
            if message.buttons:
                lines.append("               " + " ".join(f"[{button.title}]" for button in message.buttons))
            if message.image:
                lines.append("               (an image)")
            if isinstance(message.custom, dict) and message.custom.get("document"):
                lines.append(f"               (a document: {message.custom['document'].get('filename')})")
    return lines


def junit_report(runs: Sequence[CaseRun]) -> str:
    """The run as JUnit XML for CI: one test suite per language, one test case per script case."""
    from xml.etree import ElementTree

    root = ElementTree.Element("testsuites", name="trustcoach scripts")
    for language in sorted({run.language for run in runs}):
        played = [run for run in runs if run.language == language]
        suite = ElementTree.SubElement(
            root, "testsuite", name=f"scripts [{language}]", tests=str(len(played)),
            failures=str(sum(not run.passed and not run.error for run in played)),
            errors=str(sum(bool(run.error) for run in played)), time=f"{sum(run.seconds for run in played):.3f}",
        )
        for run in played:
            case = ElementTree.SubElement(
                suite, "testcase", name=run.case.name, classname=f"{run.case.source.split(':')[0]} [{language}, {run.channel}]",
                time=f"{run.seconds:.3f}",
            )
            failure = run.first_failure
            if run.error:
                ElementTree.SubElement(case, "error", message=run.error).text = run.error
            elif failure is not None:
                message = f"{failure.step.source}: expected {failure.failure.expected}"
                ElementTree.SubElement(case, "failure", message=message).text = (
                    f"{message}\ngot: {failure.failure.got}\n\n" + "\n".join(_transcript(run))
                )
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True)


def html_report(runs: Sequence[CaseRun], words: Mapping[str, str], language: str) -> str:
    """A page for people: each conversation as chat bubbles, a failed step's expectation beside what came, in
    the words of `data/scripting/report.yml` for `language`."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("report.html.j2").render(
        runs=runs, words=words, lang=language, passed=sum(run.passed for run in runs), total=len(runs),
    )


def report_words(project_dir: Path, language: str) -> Mapping[str, str]:
    data = yaml.safe_load((project_dir / "data" / "scripting" / "report.yml").read_text(encoding="utf-8"))
    return data.get(language) or data["de"]
