"""The store's tables as SQLAlchemy 2 declarative models (the newest schema; Alembic migrations get older stores
there).

One table: a named scenario with its document (JSON), who made it (author or group), the workshop it belongs to,
the policy packages it was built from, when it was created and last changed, and a short id for links.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    """One saved scenario. `name_key` (the name case-folded, spaces collapsed) is unique, so "Paket A" and
    "paket  a" cannot both exist and a clash is caught by the database itself, even between servers."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    short_id: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_key: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    author: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    workshop: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    packages: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
