"""The coaching content and the store, loaded once per process (lazily, not at import)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Type

from bot.clock import Clock
from sqlalchemy.exc import SQLAlchemyError

from bot.coaching.catalog import Catalog, CatalogAction, load_catalog
from bot.coaching.content import ContentError, Source
from bot.coaching.lessons import Lessons, load_lessons
from bot.coaching.plan import CHOSEN, PlanItem, Reason, build_plan, score_action
from bot.coaching.plan_document import PlanDocument, PlanEntry
from bot.coaching.profile import BusinessProfile
from bot.coaching.self_check import SelfCheck, load_self_check
from bot.coaching.wording import PlanWording, load_wording
from bot.config import Settings
from bot.knowledge.articles import Article, load_articles
from bot.knowledge.renditions import Rendition, load_renditions
from bot.store.coaching_store import CoachingStore, StoredPlan
from bot.understanding.service import Understanding, get_understanding, load_understanding


# What loading the coaching content or using its store can raise: callers answer kindly and log for the operator.
COACHING_ERRORS: Tuple[Type[Exception], ...] = (ContentError, OSError, SQLAlchemyError)


@dataclass
class Coaching:
    articles: List[Article]
    catalog: Catalog
    lessons: Lessons
    self_check: SelfCheck
    wording: PlanWording
    understanding: Understanding
    store: CoachingStore
    renditions: Dict[str, Rendition] = field(default_factory=dict)  # English renditions by article id

    @classmethod
    def load(cls, settings: Settings, clock: Optional[Clock] = None, understanding: Optional[Understanding] = None) -> "Coaching":
        content = settings.project_dir / "data" / "coaching"
        articles = load_articles(settings.articles_dir)
        wording = load_wording(content / "wording.yml")
        return cls(
            articles=articles,
            catalog=load_catalog(content / "actions", articles),
            lessons=load_lessons(content / "lessons.yml", articles),
            self_check=load_self_check(content / "self_check.yml", articles),
            wording=wording,
            understanding=understanding or load_understanding(content, wording),
            store=CoachingStore.from_url(settings.database_url, clock),
            renditions=load_renditions(settings.articles_dir, articles),
        )

    def article(self, article_id: str) -> Article:
        return next(article for article in self.articles if article.id == article_id)

    def quote(self, source: Source, language: str) -> Tuple[str, bool]:
        """The source's passage for a reader of `language`, and whether it is translated: English readers get the
        article's English rendition where there is one, everyone else the German words."""
        rendition = self.renditions.get(source.article) if language == "en" else None
        english = rendition.english_of(self.article(source.article).text, source.passage) if rendition else None
        return (english, True) if english else (" ".join(source.passage.split()), False)

    def make_plan(self, user_id: str, profile: BusinessProfile) -> StoredPlan:
        """Save the profile and a fresh plan that also uses the latest self-check, if there is one."""
        self.store.save_profile(user_id, profile)
        checks = self.store.self_checks(user_id, latest=1)
        items: List[PlanItem] = build_plan(self.catalog, profile, checks[0].result if checks else None)
        return self.store.save_plan(user_id, items + self._chosen_steps(user_id, items))

    def _chosen_steps(self, user_id: str, items: List[PlanItem]) -> List[PlanItem]:
        """Steps the user put into the current plan themselves (next steps): a new plan keeps them, after its own."""
        previous = self.store.current_plan(user_id)
        planned = {item.action.id for item in items}
        kept = []
        for stored in previous.items if previous else []:
            action = self.catalog.actions.get(stored.action_id)
            chosen = any(reason.get("kind") == CHOSEN for reason in stored.reasons)
            if action is not None and chosen and action.id not in planned:
                kept.append(PlanItem(action, stored.score, tuple(Reason(**reason) for reason in stored.reasons)))
        return kept

    def add_to_plan(self, user_id: str, action_id: str) -> Optional[Tuple[StoredPlan, bool, CatalogAction]]:
        """Put a catalog action the user chose (a next step) into their plan; None when no such action exists.
        The item says why: the user chose it, and whatever in their profile speaks for it."""
        action = self.catalog.actions.get(action_id)
        if action is None:
            return None
        profile = self.store.profile(user_id)
        fitting = list(score_action(action, profile, None)[1]) if profile is not None else []
        reasons = (Reason(CHOSEN, action.dimensions[0]), *[reason for reason in fitting if reason.kind != "builds"][:2])
        plan, added = self.store.add_item(user_id, PlanItem(action, 0.0, reasons))
        return plan, added, action

    def plan_entries(self, plan: StoredPlan, language: str) -> List[PlanEntry]:
        """The stored plan's items in the reader's language, worded for the team size of the business; items whose
        action left the catalog since are left out."""
        return self._entries(plan, language, self.store.profile(plan.user_id) if plan.user_id else None)

    def _entries(self, plan: StoredPlan, language: str, profile: Optional[BusinessProfile]) -> List[PlanEntry]:
        wording = self.wording
        team_size = profile.team_size if profile is not None else None
        business_type = profile.business_type if profile is not None else None
        entries = []
        for item in plan.items:
            action = self.catalog.actions.get(item.action_id)
            if action is None:
                continue
            entries.append(PlanEntry(
                position=item.position,
                title=action.title(language),
                effort=wording.label("effort", action.effort, language),
                status=item.status,
                status_label=wording.label("item_status", item.status, language),
                steps=action.steps_for(team_size, language, business_type),
                why=wording.why_for_you(self._reasons(item.reasons, action, profile), language),
                source=self.article(action.source.article).citation(language),
            ))
        return entries

    @staticmethod
    def _reasons(stored: List[dict], action: CatalogAction, profile: Optional[BusinessProfile]) -> List[Reason]:
        """The reasons kept with the item; a plan saved before every item had one gets them from the profile now."""
        reasons = [Reason(**reason) for reason in stored]
        if not reasons and profile is not None:
            reasons = list(score_action(action, profile, None)[1])
        return reasons

    def plan_document(self, user_id: str, plan: StoredPlan, language: str) -> PlanDocument:
        """The plan as a document to keep: its items plus the business it was made for."""
        wording = self.wording
        profile = self.store.profile(user_id)
        described = [] if profile is None else [
            wording.label("business_type", profile.business_type, language),
            wording.label("reach", profile.reach, language),
            wording.label("team_size", profile.team_size, language),
        ]
        return PlanDocument(language, plan.created_at, self._entries(plan, language, profile), described)


@functools.cache
def get_coaching() -> Coaching:
    return Coaching.load(Settings.from_env(), understanding=get_understanding())
