"""Whether the coach's answers help (`make bench-answers`), measured through the chat as a user meets it.

Starts the real coach (Rasa, action server) on loopback and free ports with data of its own, sends every
question of bench/answers/situational.yml and bench/answers/offtopic.yml as a new REST user in the question's
language, and reads the whole turn as the user would see it: an article is cited when a source line ("📖 …")
names its title (quotes and lessons alike), a next step is offered when a button adds a catalog action to
the plan.

Prints per language: the share of situational questions answered with a right article, the share offered a
next step, and the share of off-topic messages answered from the articles; then every miss. Goals: right
article >= 0.90 and off-topic answered <= 0.05, in each language. Exits non-zero when a goal is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.channels.rasa_client import BotMessage, RasaClient  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.knowledge.articles import Article, load_articles  # noqa: E402
from bot.servers import CoachServers, isolated_settings  # noqa: E402

RIGHT_ARTICLE_GOAL = 0.90
OFF_TOPIC_GOAL = 0.05
SOURCE_MARK = "📖"
ADD_TO_PLAN = "/add_to_plan"
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    question: str
    articles: tuple = ()  # empty: off-topic


@dataclass
class Turn:
    case: Case
    cited: List[str]
    next_step: bool
    replies: List[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return any(article in self.case.articles for article in self.cited)


def load_cases(path: Path) -> List[Case]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [Case(entry["id"], entry["language"], entry["question"], tuple(entry.get("articles", ()))) for entry in entries]


def cited_articles(messages: Sequence[BotMessage], articles: Sequence[Article]) -> List[str]:
    """The articles named in the turn's source lines, in order of appearance."""
    cited: List[str] = []
    for message in messages:
        for line in (message.text or "").splitlines():
            if SOURCE_MARK not in line:
                continue
            for article in articles:
                if _title_key(article.title) in _title_key(line) and article.id not in cited:
                    cited.append(article.id)
    return cited


def _title_key(text: str) -> str:
    """Titles are quoted with typographic or straight quotes, single or double: compare letters and digits only."""
    return "".join(character for character in text.casefold() if character.isalnum())


def ask(client: RasaClient, case: Case, articles: Sequence[Article], run: str) -> Turn:
    messages = client.send(f"bench-{run}-{case.id}", case.question, {"language": case.language})
    return Turn(
        case,
        cited_articles(messages, articles),
        any(button.payload.startswith(ADD_TO_PLAN) for message in messages for button in message.buttons),
        [message.text or "" for message in messages],
    )


def report(turns: List[Turn]) -> bool:
    by_language: Dict[str, Dict[str, List[Turn]]] = defaultdict(lambda: {"situational": [], "offtopic": []})
    for turn in turns:
        by_language[turn.case.language]["situational" if turn.case.articles else "offtopic"].append(turn)
    reached = True
    print(f"{'language':<9}{'situational':>12}{'right article':>15}{'next step':>11}{'off-topic':>11}{'answered':>10}")
    for language in LANGUAGES:
        groups = by_language[language]
        situational, offtopic = groups["situational"], groups["offtopic"]
        right = _share(sum(turn.right for turn in situational), len(situational))
        next_step = _share(sum(turn.next_step for turn in situational), len(situational))
        answered = _share(sum(bool(turn.cited) for turn in offtopic), len(offtopic))
        print(f"{language:<9}{len(situational):>12}{right:>15.2f}{next_step:>11.2f}{len(offtopic):>11}{answered:>10.2f}")
        reached = reached and right >= RIGHT_ARTICLE_GOAL and answered <= OFF_TOPIC_GOAL
    print(f"goals: right article >= {RIGHT_ARTICLE_GOAL:.2f}, off-topic answered <= {OFF_TOPIC_GOAL:.2f}, per language")
    misses = [turn for turn in turns if (turn.case.articles and not turn.right) or (not turn.case.articles and turn.cited)]
    if misses:
        print("\nmisses:")
    for turn in misses:
        expected = ", ".join(turn.case.articles) or "no quote"
        got = ", ".join(turn.cited) or "no article"
        first_reply = " ".join(turn.replies[0].split())[:110] if turn.replies else "(nothing)"
        print(f"  {turn.case.id}: {turn.case.question!r}\n      expected {expected}; cited {got}; said: {first_reply}")
    no_step = [turn.case.id for turn in turns if turn.case.articles and turn.right and not turn.next_step]
    if no_step:
        print(f"\nanswered without a next step: {', '.join(no_step)}")
    return reached


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situational", type=Path, default=ROOT / "bench" / "answers" / "situational.yml")
    parser.add_argument("--offtopic", type=Path, default=ROOT / "bench" / "answers" / "offtopic.yml")
    parser.add_argument("--url", help="ask a coach that is already running here (its REST channel) instead of starting one")
    args = parser.parse_args(argv)
    cases = load_cases(args.situational) + load_cases(args.offtopic)
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as var_dir:
        servers = None
        if args.url is None:
            settings = isolated_settings(Path(var_dir))
            servers = CoachServers(settings, log_dir=Path(var_dir) / "logs")
            print("starting the coach on loopback …", flush=True)
            servers.start(timeout=600)
            url = settings.rasa_url
        else:
            settings, url = Settings.from_env(), args.url
        articles = load_articles(settings.articles_dir)
        client = RasaClient(url, timeout=120)
        try:
            turns = [ask(client, case, articles, run) for case in cases]
        finally:
            client.close()
            if servers is not None:
                servers.stop()
    return 0 if report(turns) else 1


if __name__ == "__main__":
    sys.exit(main())
