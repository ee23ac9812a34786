"""The coaching store: nothing lost on restart, plans and progress, due check-ins, link codes, export and deletion."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.coaching.catalog import load_catalog
from bot.coaching.plan import build_plan
from bot.coaching.profile import BusinessProfile
from bot.coaching.self_check import load_self_check
from bot.knowledge.articles import load_articles
from bot.store.coaching_store import CoachingStore, StoreError

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")
CATALOG = load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)
SELF_CHECK = load_self_check(ROOT / "data" / "coaching" / "self_check.yml", ARTICLES)
PROFILE = BusinessProfile("cafe_restaurant", "in_person", "small", "staff_behaviour", ("shop_or_premises",), ("reviews",))
USER, OTHER = "telegram:42", "web:7f3c"


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'coaching.db'}"


@pytest.fixture
def store(url, clock):
    return CoachingStore.from_url(url, clock)


def result(**ratings):
    answers = {s.id: ratings.get(s.dimension, 4) for s in SELF_CHECK.statements}
    return answers, SELF_CHECK.score(answers)


def test_everything_survives_a_restart(store, url, clock):
    store.save_profile(USER, PROFILE)
    store.add_self_check(USER, *result(empathy=2))
    store.save_plan(USER, build_plan(CATALOG, PROFILE))
    store.set_item_status(USER, 2, "done")
    reopened = CoachingStore.from_url(url, clock)
    assert reopened.profile(USER) == PROFILE
    assert reopened.self_checks(USER)[0].result.scores["empathy"] == 2
    plan = reopened.current_plan(USER)
    assert [item.status for item in plan.items][:3] == ["open", "done", "open"]
    assert plan.created_at == clock.now()


def test_a_changed_answer_updates_the_profile(store):
    store.save_profile(USER, PROFILE)
    store.save_profile(USER, BusinessProfile("cafe_restaurant", "both", "small", "few_bad_reviews"))
    assert store.profile(USER).problem == "few_bad_reviews"
    assert store.profile(OTHER) is None


def test_self_checks_come_newest_first_to_show_the_change(store, clock):
    store.add_self_check(USER, *result(transparency=2))
    clock.advance(days=30)
    store.add_self_check(USER, *result(transparency=4))
    latest, earlier = store.self_checks(USER)
    assert latest.result.changes_since(earlier.result)["transparency"] == 2
    assert latest.taken_at - earlier.taken_at == timedelta(days=30)


def test_re_planning_replaces_the_plan_and_keeps_the_old_one_in_the_export(store):
    store.save_plan(USER, build_plan(CATALOG, PROFILE))
    store.set_item_status(USER, 1, "done")
    store.save_plan(USER, build_plan(CATALOG, BusinessProfile("online_shop", "online", "solo", "returns_complaints")))
    assert store.current_plan(USER).count("done") == 0
    assert len(store.export_user(USER)["plans"]) == 2


def test_making_the_plan_again_keeps_what_was_ticked(store):
    store.save_plan(USER, build_plan(CATALOG, PROFILE))
    store.set_item_status(USER, 1, "done")
    store.set_item_status(USER, 3, "skipped")
    again = store.save_plan(USER, build_plan(CATALOG, PROFILE))  # e.g. "make my plan" when one exists
    assert [item.status for item in again.items][:3] == ["done", "open", "skipped"]
    # a new plan keeps the status of the steps it shares with the old one, wherever they now stand
    ticked = {item.action_id: item.status for item in again.items if item.status != "open"}
    changed = store.save_plan(USER, build_plan(CATALOG, BusinessProfile("online_shop", "online", "solo",
                                                                        "returns_complaints")))
    assert [item.status for item in changed.items] == [ticked.get(item.action_id, "open") for item in changed.items]
    assert any(item.action_id not in ticked for item in changed.items)  # really a different plan
    assert len(store.export_user(USER)["plans"]) == 3


@pytest.mark.parametrize("position, status, message", [
    (99, "done", "no item 99"), (1, "finished", "status 'finished' is not one of open, done, skipped"),
])
def test_ticking_an_unknown_item_or_status_is_refused(store, position, status, message):
    store.save_plan(USER, build_plan(CATALOG, PROFILE))
    with pytest.raises(StoreError, match=message):
        store.set_item_status(USER, position, status)


def test_ticking_without_a_plan_is_refused(store):
    with pytest.raises(StoreError, match="no plan yet"):
        store.set_item_status(USER, 1, "done")


def test_check_ins_fall_due_on_time_survive_restarts_and_are_delivered_once(store, url, clock):
    store.schedule_check_in(USER, timedelta(days=7))
    assert store.due_check_ins() == []
    clock.advance(days=7)
    reopened = CoachingStore.from_url(url, clock)
    assert reopened.due_check_ins() == [USER]
    assert reopened.mark_check_in_delivered(USER) is True
    assert reopened.due_check_ins() == [] and reopened.pending_check_in(USER) is None
    assert store.mark_check_in_delivered(USER) is False  # a second server finds it already claimed


def test_a_check_in_can_be_cancelled(store, clock):
    assert store.cancel_check_in(USER) is False
    store.schedule_check_in(USER, timedelta(days=7))
    assert store.cancel_check_in(USER) is True
    clock.advance(days=8)
    assert store.due_check_ins() == []


def test_downloads_are_fetched_by_token_until_they_expire(store, clock):
    token = store.add_download(USER, "plan.pdf", "application/pdf", b"%PDF-1.4 ...")
    assert store.download(token).content == b"%PDF-1.4 ..." and store.download(token).filename == "plan.pdf"
    assert store.download("guessed-token") is None
    clock.advance(hours=25)
    assert store.download(token) is None


def test_asking_again_moves_the_check_in(store, clock):
    store.schedule_check_in(USER, timedelta(days=7))
    store.schedule_check_in(USER, timedelta(days=14))
    assert store.pending_check_in(USER) == clock.now() + timedelta(days=14)


def test_a_link_code_moves_the_plan_to_another_channel_once(store):
    store.save_profile(USER, PROFILE)
    store.save_plan(USER, build_plan(CATALOG, PROFILE))
    code = store.create_link_code(USER)
    assert store.redeem_link_code(code.lower(), OTHER) == USER
    assert store.profile(OTHER) == PROFILE and store.current_plan(OTHER) is not None
    assert store.profile(USER) is None
    with pytest.raises(StoreError, match="unknown, used or expired"):
        store.redeem_link_code(code, "web:another")


def test_link_codes_always_hold_a_digit_so_they_are_not_mistaken_for_words(store):
    assert all(any(c.isdigit() for c in store.create_link_code(USER)) for _ in range(200))


def test_link_codes_expire(store, clock):
    code = store.create_link_code(USER)
    clock.advance(minutes=16)
    with pytest.raises(StoreError, match="expired"):
        store.redeem_link_code(code, OTHER)


def test_export_and_deletion_cover_everything_of_one_user_only(store):
    for user in (USER, OTHER):
        store.save_profile(user, PROFILE)
        store.add_self_check(user, *result())
        store.save_plan(user, build_plan(CATALOG, PROFILE))
        store.schedule_check_in(user, timedelta(days=7))
        token = store.add_download(user, "plan.md", "text/markdown", b"# Plan")
    exported = store.export_user(USER)
    assert exported["profile"]["business_type"] == "cafe_restaurant"
    assert len(exported["self_checks"]) == 1 and len(exported["plans"][0]["items"]) >= 5 and exported["check_ins"]
    store.delete_user(USER)
    assert exported["downloads"][0]["filename"] == "plan.md"
    assert store.export_user(USER) == {
        "user_id": USER, "profile": None, "self_checks": [], "plans": [], "check_ins": [], "downloads": [],
    }
    assert store.profile(OTHER) == PROFILE and store.current_plan(OTHER) is not None
    assert store.download(token) is not None  # the other user's document


def test_times_must_carry_a_time_zone(url):
    class NaiveClock:
        def now(self):
            return datetime(2026, 1, 1)

    with pytest.raises(Exception, match="time zone"):
        CoachingStore.from_url(url, NaiveClock()).save_profile(USER, PROFILE)
