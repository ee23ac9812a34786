"""Database tables for what the coach keeps about a user: profile, self-checks, plans and their items, check-ins,
link codes and documents waiting to be downloaded."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out – also on SQLite, which keeps no time zone."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times with a time zone (use bot.clock)")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime}


class ProfileRow(Base):
    __tablename__ = "profiles"

    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    business_type: Mapped[str] = mapped_column(String(40))
    reach: Mapped[str] = mapped_column(String(20))
    team_size: Mapped[str] = mapped_column(String(20))
    problem: Mapped[str] = mapped_column(String(40))
    touchpoints: Mapped[list] = mapped_column(JSON, default=list)
    practices: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column()


class SelfCheckRow(Base):
    __tablename__ = "self_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    taken_at: Mapped[datetime] = mapped_column()
    answers: Mapped[dict] = mapped_column(JSON)
    scores: Mapped[dict] = mapped_column(JSON)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column()
    replaced_at: Mapped[Optional[datetime]] = mapped_column(nullable=True)
    items: Mapped[List["PlanItemRow"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItemRow.position"
    )


class PlanItemRow(Base):
    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    action_id: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON)  # [{"kind", "value", "rating"}]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | skipped
    updated_at: Mapped[datetime] = mapped_column()
    plan: Mapped[PlanRow] = relationship(back_populates="items")


class CheckInRow(Base):
    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)
    delivered_at: Mapped[Optional[datetime]] = mapped_column(nullable=True)


class LinkCodeRow(Base):
    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[Optional[datetime]] = mapped_column(nullable=True)



class DownloadRow(Base):
    """A document made for the user (plan export, data export), fetched once or more by its secret token until it expires."""

    __tablename__ = "downloads"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(80))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column()
