"""What the coach keeps per user, in any SQLAlchemy database: profiles, self-checks, plans, check-ins, link codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import create_engine, delete, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock
from bot.coaching.plan import PlanItem
from bot.coaching.profile import BusinessProfile
from bot.coaching.self_check import SelfCheckResult
from bot.store.models import (
    Base, CheckInRow, DownloadRow, LinkCodeRow, PlanItemRow, PlanRow, ProfileRow, SelfCheckRow,
)

ITEM_STATUSES = ("open", "done", "skipped")
LINK_CODE_LIFETIME = timedelta(minutes=15)
DOWNLOAD_LIFETIME = timedelta(hours=24)
# Unambiguous characters: no 0/O or 1/I/L to misread when typing a code from another device.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 8


class StoreError(ValueError):
    """A request the stored data cannot satisfy (unknown item, expired code); the message says which."""


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class StoredSelfCheck:
    taken_at: datetime
    answers: Dict[str, int]
    result: SelfCheckResult


@dataclass(frozen=True)
class StoredItem:
    position: int  # 1-based, as shown to the user
    action_id: str
    score: float
    reasons: List[dict]
    status: str


@dataclass(frozen=True)
class StoredPlan:
    created_at: datetime
    items: List[StoredItem]
    user_id: str = ""  # whose plan it is

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


class CoachingStore:
    def __init__(self, engine: Engine, clock: Optional[Clock] = None) -> None:
        self.engine = engine
        self.clock = clock or SystemClock()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        Base.metadata.create_all(engine)

    @classmethod
    def from_url(cls, url: str, clock: Optional[Clock] = None) -> "CoachingStore":
        return cls(make_engine(url), clock)

    def _session(self) -> Session:
        return self._sessions.begin()

    # --- profile ------------------------------------------------------------------
    def save_profile(self, user_id: str, profile: BusinessProfile) -> None:
        with self._session() as session:
            row = session.get(ProfileRow, user_id) or ProfileRow(user_id=user_id)
            row.business_type, row.reach, row.team_size = profile.business_type, profile.reach, profile.team_size
            row.problem, row.touchpoints, row.practices = profile.problem, list(profile.touchpoints), list(profile.practices)
            row.updated_at = self.clock.now()
            session.add(row)

    def profile(self, user_id: str) -> Optional[BusinessProfile]:
        with self._session() as session:
            row = session.get(ProfileRow, user_id)
            if row is None:
                return None
            return BusinessProfile(
                row.business_type, row.reach, row.team_size, row.problem, tuple(row.touchpoints), tuple(row.practices)
            )

    # --- self-checks ----------------------------------------------------------------
    def add_self_check(self, user_id: str, answers: Dict[str, int], result: SelfCheckResult) -> None:
        with self._session() as session:
            session.add(SelfCheckRow(
                user_id=user_id, taken_at=self.clock.now(), answers=dict(answers), scores=dict(result.scores)
            ))

    def self_checks(self, user_id: str, latest: int = 2) -> List[StoredSelfCheck]:
        """The most recent self-checks, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(SelfCheckRow).where(SelfCheckRow.user_id == user_id)
                .order_by(SelfCheckRow.taken_at.desc(), SelfCheckRow.id.desc()).limit(latest)
            ).all()
            return [StoredSelfCheck(row.taken_at, dict(row.answers), SelfCheckResult(dict(row.scores))) for row in rows]

    # --- plans ----------------------------------------------------------------------
    def save_plan(self, user_id: str, items: Sequence[PlanItem]) -> StoredPlan:
        """Store a new plan; the previous one is kept as replaced (its progress stays in the export).

        Steps that were in the previous plan keep their status: making the plan again (on purpose, or because
        "show my plan" was taken for "make my plan") never undoes what the user has ticked.
        """
        now = self.clock.now()
        with self._session() as session:
            previous = self._current(session, user_id)
            kept = {item.action_id: (item.status, item.updated_at) for item in previous.items} if previous else {}
            session.execute(
                update(PlanRow).where(PlanRow.user_id == user_id, PlanRow.replaced_at.is_(None)).values(replaced_at=now)
            )
            plan = PlanRow(user_id=user_id, created_at=now)
            plan.items = []
            for position, item in enumerate(items, 1):
                status, updated_at = kept.get(item.action.id, ("open", now))
                plan.items.append(PlanItemRow(
                    position=position, action_id=item.action.id, score=item.score, status=status, updated_at=updated_at,
                    reasons=[_reason_row(reason) for reason in item.reasons],
                ))
            session.add(plan)
            session.flush()
            return self._stored(plan)

    def add_item(self, user_id: str, item: PlanItem) -> Tuple[StoredPlan, bool]:
        """Append an action to the current plan (a plan is started when there is none); False when it is in already."""
        now = self.clock.now()
        with self._session() as session:
            plan = self._current(session, user_id)
            if plan is None:
                plan = PlanRow(user_id=user_id, created_at=now)
                plan.items = []
                session.add(plan)
            if any(row.action_id == item.action.id for row in plan.items):
                return self._stored(plan), False
            plan.items.append(PlanItemRow(
                position=len(plan.items) + 1, action_id=item.action.id, score=item.score, status="open", updated_at=now,
                reasons=[_reason_row(reason) for reason in item.reasons],
            ))
            session.flush()
            return self._stored(plan), True

    def current_plan(self, user_id: str) -> Optional[StoredPlan]:
        with self._session() as session:
            plan = self._current(session, user_id)
            return None if plan is None else self._stored(plan)

    def set_item_status(self, user_id: str, position: int, status: str) -> StoredPlan:
        if status not in ITEM_STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(ITEM_STATUSES)}")
        with self._session() as session:
            plan = self._current(session, user_id)
            if plan is None:
                raise StoreError("there is no plan yet")
            item = next((item for item in plan.items if item.position == position), None)
            if item is None:
                raise StoreError(f"the plan has no item {position} (it has 1 to {len(plan.items)})")
            item.status, item.updated_at = status, self.clock.now()
            session.flush()
            return self._stored(plan)

    @staticmethod
    def _current(session: Session, user_id: str) -> Optional[PlanRow]:
        return session.scalars(
            select(PlanRow).where(PlanRow.user_id == user_id, PlanRow.replaced_at.is_(None))
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        ).first()

    @staticmethod
    def _stored(plan: PlanRow) -> StoredPlan:
        return StoredPlan(
            plan.created_at,
            [StoredItem(i.position, i.action_id, i.score, list(i.reasons), i.status) for i in plan.items],
            plan.user_id,
        )

    # --- check-ins --------------------------------------------------------------------
    def schedule_check_in(self, user_id: str, after: timedelta) -> datetime:
        """One pending check-in per user: asking again moves it."""
        due = self.clock.now() + after
        with self._session() as session:
            session.execute(delete(CheckInRow).where(CheckInRow.user_id == user_id, CheckInRow.delivered_at.is_(None)))
            session.add(CheckInRow(user_id=user_id, due_at=due))
        return due

    def due_check_ins(self) -> List[str]:
        """Users whose check-in is due and not yet delivered, earliest first."""
        with self._session() as session:
            return list(session.scalars(
                select(CheckInRow.user_id).where(CheckInRow.delivered_at.is_(None), CheckInRow.due_at <= self.clock.now())
                .order_by(CheckInRow.due_at)
            ))

    def mark_check_in_delivered(self, user_id: str) -> bool:
        """Claim the user's due check-in for delivery. False when there is none (or another server claimed it first)."""
        with self._session() as session:
            claimed = session.execute(
                update(CheckInRow).where(CheckInRow.user_id == user_id, CheckInRow.delivered_at.is_(None),
                                         CheckInRow.due_at <= self.clock.now())
                .values(delivered_at=self.clock.now())
            )
            return claimed.rowcount > 0

    def cancel_check_in(self, user_id: str) -> bool:
        """Drop the pending check-in; False when there was none."""
        with self._session() as session:
            cancelled = session.execute(
                delete(CheckInRow).where(CheckInRow.user_id == user_id, CheckInRow.delivered_at.is_(None))
            )
            return cancelled.rowcount > 0

    def pending_check_in(self, user_id: str) -> Optional[datetime]:
        with self._session() as session:
            return session.scalars(
                select(CheckInRow.due_at).where(CheckInRow.user_id == user_id, CheckInRow.delivered_at.is_(None))
            ).first()

    # --- documents to download -----------------------------------------------------------
    def add_download(self, user_id: str, filename: str, media_type: str, content: bytes) -> str:
        """Keep a document for `DOWNLOAD_LIFETIME`; returns the secret token of its download link."""
        token = secrets.token_urlsafe(24)
        with self._session() as session:
            session.add(DownloadRow(
                token=token, user_id=user_id, filename=filename, media_type=media_type, content=content,
                expires_at=self.clock.now() + DOWNLOAD_LIFETIME,
            ))
        return token

    def download(self, token: str) -> Optional[Download]:
        """The document behind a token, or None when the token is unknown or expired (expired ones are removed)."""
        with self._session() as session:
            session.execute(delete(DownloadRow).where(DownloadRow.expires_at <= self.clock.now()))
            row = session.get(DownloadRow, token)
            return None if row is None else Download(row.filename, row.media_type, row.content)

    # --- identity across channels --------------------------------------------------------
    def create_link_code(self, user_id: str) -> str:
        code = ""
        while not any(character.isdigit() for character in code):  # a digit tells a code from a typed word
            code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        with self._session() as session:
            session.add(LinkCodeRow(code=code, user_id=user_id, expires_at=self.clock.now() + LINK_CODE_LIFETIME))
        return code

    def redeem_link_code(self, code: str, new_user_id: str) -> str:
        """Move everything of the code's user to `new_user_id` (the channel the code is typed in); returns the old id."""
        now = self.clock.now()
        normalised = code.strip().upper().replace(" ", "").replace("-", "")
        with self._session() as session:
            row = session.get(LinkCodeRow, normalised)
            if row is None or row.used_at is not None or row.expires_at <= now:
                raise StoreError("the code is unknown, used or expired")
            old = row.user_id
            row.used_at = now
            if old == new_user_id:
                return old
            self._delete(session, new_user_id)
            for table in (SelfCheckRow, PlanRow, CheckInRow, DownloadRow):
                session.execute(update(table).where(table.user_id == old).values(user_id=new_user_id))
            profile = session.get(ProfileRow, old)
            if profile is not None:
                session.delete(profile)
                session.flush()
                session.add(ProfileRow(**{**_columns(profile), "user_id": new_user_id}))
            return old

    # --- privacy --------------------------------------------------------------------------
    def export_user(self, user_id: str) -> dict:
        """Everything stored about the user, as plain JSON-ready data."""
        with self._session() as session:
            profile = session.get(ProfileRow, user_id)
            plans = session.scalars(select(PlanRow).where(PlanRow.user_id == user_id).order_by(PlanRow.created_at)).all()
            return {
                "user_id": user_id,
                "profile": None if profile is None else _jsonable(_columns(profile)),
                "self_checks": [
                    _jsonable(_columns(row)) for row in
                    session.scalars(select(SelfCheckRow).where(SelfCheckRow.user_id == user_id).order_by(SelfCheckRow.taken_at))
                ],
                "plans": [
                    {**_jsonable(_columns(plan)), "items": [_jsonable(_columns(item)) for item in plan.items]} for plan in plans
                ],
                "check_ins": [
                    _jsonable(_columns(row)) for row in session.scalars(select(CheckInRow).where(CheckInRow.user_id == user_id))
                ],
                "downloads": [
                    {"filename": row.filename, "media_type": row.media_type, "expires_at": row.expires_at.isoformat()}
                    for row in session.scalars(select(DownloadRow).where(DownloadRow.user_id == user_id))
                ],
            }

    def delete_user(self, user_id: str) -> None:
        with self._session() as session:
            self._delete(session, user_id)

    @staticmethod
    def _delete(session: Session, user_id: str) -> None:
        for plan in session.scalars(select(PlanRow).where(PlanRow.user_id == user_id)):
            session.delete(plan)  # items go with it
        for table in (SelfCheckRow, CheckInRow, LinkCodeRow, DownloadRow, ProfileRow):
            session.execute(delete(table).where(table.user_id == user_id))


def _reason_row(reason) -> dict:
    return {"kind": reason.kind, "value": reason.value, "rating": reason.rating, "detail": reason.detail}


def _columns(row) -> dict:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _jsonable(values: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in values.items()}
