"""How much plans depend on the business (`make bench-plans`).

Runs contrasting profiles (bench/plans/profiles.yml: business types × problems × team sizes × channels)
through the plan builder and prints, for each profile, whether the stated problem's core actions are in,
how many items are written for its kind of business and whether any item lacks a reason ("why this, for
you", rendered in German and English); then, for each pair of profiles, the share of items they share,
and how often each action appears across all plans.

Goals: two profiles of different business types share at most half of their items (even with the same
problem); 100 % of the core actions for the stated problem that fit the business are in; 0 empty reasons.
Exits non-zero when a goal is missed.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coaching.catalog import load_catalog  # noqa: E402
from bot.coaching.plan import build_plan, fits, is_core  # noqa: E402
from bot.coaching.profile import BusinessProfile  # noqa: E402
from bot.coaching.self_check import load_self_check  # noqa: E402
from bot.coaching.wording import load_wording  # noqa: E402
from bot.knowledge.articles import load_articles  # noqa: E402

MAX_SHARED = 0.5
CONTENT = ROOT / "data" / "coaching"


def load_profiles(path: Path, self_check):
    cases = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["profiles"]:
        values = dict(case["profile"])
        for key in ("touchpoints", "practices"):
            values[key] = tuple(values.get(key, ()))
        ratings = case.get("ratings")
        result = None
        if ratings:
            result = self_check.score({s.id: ratings.get(s.dimension, 4) for s in self_check.statements})
        cases.append((case["name"], BusinessProfile(**values), result))
    return cases


def shared_share(first, second) -> float:
    """Items both plans have, as a share of the shorter plan."""
    a, b = set(first), set(second)
    return len(a & b) / min(len(a), len(b))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=Path, default=ROOT / "bench" / "plans" / "profiles.yml")
    args = parser.parse_args()

    articles = load_articles(ROOT / "data" / "articles")
    catalog = load_catalog(CONTENT / "actions", articles)
    self_check = load_self_check(CONTENT / "self_check.yml", articles)
    wording = load_wording(CONTENT / "wording.yml")
    cases = load_profiles(args.profiles, self_check)

    plans, missed_core, empty_reasons = {}, 0, 0
    print(f"{len(cases)} profiles, catalog of {len(catalog)} actions "
          f"({sum(action.business_specific for action in catalog)} written for particular kinds of business)\n")
    print(f"{'profile':44} {'items':>5} {'core in':>8} {'specific':>8} {'empty why':>9}")
    for name, profile, result in cases:
        plan = build_plan(catalog, profile, result)
        ids = [item.action.id for item in plan]
        plans[name] = (profile, ids)
        core = [action.id for action in catalog if is_core(action, profile) and fits(action, profile)]
        core_in = sum(action_id in ids for action_id in core)
        missed_core += len(core) - core_in
        specific = sum(item.action.business_specific for item in plan)
        empty = sum(
            1 for item in plan for language in ("de", "en")
            if not " ".join(wording.why_for_you(item.reasons, language)).strip()
        )
        empty_reasons += empty
        print(f"{name:44} {len(ids):5} {f'{core_in}/{len(core)}':>8} {specific:8} {empty:9}")

    print(f"\nshared items per pair (share of the shorter plan; goal ≤ {MAX_SHARED:.0%} when the business types differ)")
    worst_other_type, worst_same_problem = 0.0, 0.0
    rows = []
    for (first, (p1, ids1)), (second, (p2, ids2)) in itertools.combinations(plans.items(), 2):
        share = shared_share(ids1, ids2)
        if p1.business_type != p2.business_type:
            worst_other_type = max(worst_other_type, share)
            if p1.problem == p2.problem:
                worst_same_problem = max(worst_same_problem, share)
        rows.append((share, first, second, p1.business_type == p2.business_type, p1.problem == p2.problem))
    for share, first, second, same_type, same_problem in sorted(rows, reverse=True):
        flags = ", ".join(flag for flag, on in (("same type", same_type), ("same problem", same_problem)) if on)
        marker = "  ✗" if share > MAX_SHARED and not same_type else ""
        print(f"  {share:4.0%}  {first} | {second}{f'  ({flags})' if flags else ''}{marker}")

    counts = Counter(action_id for _, ids in plans.values() for action_id in ids)
    print(f"\nmost frequent items (of {len(plans)} plans): "
          + ", ".join(f"{action_id} {count}" for action_id, count in counts.most_common(8)))
    print(f"distinct items over all plans: {len(counts)}")

    goals = [
        ("largest share, different business types", f"{worst_other_type:.0%}", worst_other_type <= MAX_SHARED),
        ("largest share, different types, same problem", f"{worst_same_problem:.0%}", worst_same_problem <= MAX_SHARED),
        ("core actions of the stated problem missing", str(missed_core), missed_core == 0),
        ("items with an empty reason", str(empty_reasons), empty_reasons == 0),
    ]
    print()
    for label, value, met in goals:
        print(f"{label:48} {value:>6}  {'✓' if met else '✗ goal missed'}")
    return 0 if all(met for *_, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
