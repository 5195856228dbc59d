"""The scenario store: named scenarios kept in SQLite (default, one file) or PostgreSQL (several servers).

Why SQLAlchemy + Alembic: one code path for both databases, and migrations that bring an older store up to the
schema this app expects (a newer app opens an older store). A store written by a *newer* app (an Alembic
revision this app does not know) or a file that is not a database is refused with a clear message and never
touched: we never migrate, repair or recreate what we cannot read.

Concurrency: SQLite runs in WAL mode with a busy timeout and takes the write lock at the start of every write
transaction (`BEGIN IMMEDIATE`), so concurrent writers queue instead of failing half-way; PostgreSQL relies on
its own locking, with the unique name constraint deciding clashes. Migrations run under a lock (a lock file
beside the SQLite file, an advisory lock on PostgreSQL), so twenty processes opening a new store at once
create it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..levers import Scenario
from ..messages import InputError, Problem
from ..scenario import ScenarioDocument, parse_document
from .schema import ScenarioRow

__all__ = [
    "ENV_URL",
    "ENV_PATH",
    "NAME_MAX",
    "SavedScenario",
    "Store",
    "StoreError",
    "NameTakenError",
    "default_store_url",
    "open_store",
    "normalise_document",
    "name_key",
]

ENV_URL = "UCJ_DATABASE_URL"  # PostgreSQL (or any SQLAlchemy URL): shared by several app servers
ENV_PATH = "UCJ_STORE_PATH"  # the SQLite file when no database URL is set
NAME_MAX = 120
TEXT_MAX = 120
SHORT_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud and typed from a QR caption
SHORT_ID_LENGTH = 8  # 31^8 ≈ 8.5e11 ids
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCK_ID = 0x5543_4A11  # PostgreSQL advisory lock key for migrations ("UCJ" + issue)


class StoreError(InputError):
    """The store cannot be used (unreadable, from a newer app, unreachable) or a request cannot be done; the
    message is in both languages, like every model input error."""


class NameTakenError(StoreError):
    """A scenario with this name exists already; the caller asks the user (replace, or another name)."""

    def __init__(self, name: str, suggestion: str):
        self.name = name
        self.suggestion = suggestion
        super().__init__([Problem("store.name_taken", {"name": name, "suggestion": suggestion})])


class _ClashError(Exception):
    """Raised inside a transaction when a name is taken; turned into NameTakenError once the transaction is over
    (the suggestion reads the store, which must not wait on our own write lock)."""


@dataclass(frozen=True)
class SavedScenario:
    """A scenario as kept in the store: its document plus who, where and when."""

    short_id: str
    name: str
    document: dict[str, Any]
    author: str = ""
    workshop: str = ""
    packages: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> ScenarioDocument:
        """The scenario document (an older document is migrated on the way, see model/scenario.py)."""
        return parse_document(self.document)

    @property
    def scenario(self) -> Scenario:
        """The levers alone (national and per region)."""
        return self.doc.levers

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON form (times as ISO 8601 in UTC)."""
        return {
            "short_id": self.short_id,
            "name": self.name,
            "author": self.author,
            "workshop": self.workshop,
            "packages": list(self.packages),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "document": self.document,
        }


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite returns naive datetimes; they were written in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- names and documents


def name_key(name: str) -> str:
    """The identity of a name: Unicode-normalised, case-folded, inner spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def clean_name(name: Any, what: str = "name") -> str:
    """A scenario name as typed, trimmed; empty, too long or control characters are refused (never truncated
    silently: the user would not find the scenario under the name they typed)."""
    if not isinstance(name, str):
        raise StoreError([Problem("store.name_invalid", {"name": str(name)[:40], "max": NAME_MAX})])
    cleaned = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip()
    if not cleaned or len(cleaned) > NAME_MAX or any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise StoreError([Problem("store.name_invalid", {"name": cleaned[:40], "max": NAME_MAX})])
    return cleaned


def _clean_text(value: Any) -> str:
    text_value = re.sub(r"\s+", " ", str(value or "")).strip()
    return "".join(ch for ch in text_value if unicodedata.category(ch) != "Cc")[:TEXT_MAX]


def normalise_document(document: Mapping[str, Any] | ScenarioDocument) -> dict[str, Any]:
    """Validate a scenario document and return its canonical JSON form (model/scenario.py), so what the store
    holds is exactly what `ScenarioDocument.from_json` reads back.

    Accepts a `ScenarioDocument`, its JSON, or the command line's `--levers` shape (a version-0 document);
    out-of-range levers, unknown keys, malformed or hostile JSON are refused, with every problem listed,
    before anything reaches the database.
    """
    if isinstance(document, ScenarioDocument):
        return document.to_json()
    if not isinstance(document, Mapping):
        raise InputError([Problem("bad_lever", {"name": "levers", "detail": "expected a JSON object"})])
    _check_size(document)
    try:
        return parse_document(dict(document)).to_json()
    except InputError:
        raise
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:  # shapes the parser does not name
        raise InputError([Problem("bad_lever", {"name": "levers", "detail": str(exc)[:200]})]) from None


DOCUMENT_MAX_CHARS = 200_000
DOCUMENT_MAX_DEPTH = 12


def _check_size(document: Mapping[str, Any]) -> None:
    """A document is small, shallow JSON: refuse deep nesting or megabytes before they reach the database."""

    def depth(value: Any, level: int = 0) -> int:
        if level > DOCUMENT_MAX_DEPTH:
            return level
        if isinstance(value, Mapping):
            return max((depth(v, level + 1) for v in value.values()), default=level + 1)
        if isinstance(value, list | tuple):
            return max((depth(v, level + 1) for v in value), default=level + 1)
        return level

    try:
        size = len(json.dumps(document, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise InputError([Problem("bad_lever", {"name": "levers", "detail": f"not JSON: {exc}"[:200]})]) from None
    if size > DOCUMENT_MAX_CHARS or depth(document) > DOCUMENT_MAX_DEPTH:
        detail = f"document too large or too deeply nested (max {DOCUMENT_MAX_CHARS} characters, depth 12)"
        raise InputError([Problem("bad_lever", {"name": "levers", "detail": detail})])


def _new_short_id() -> str:
    return "".join(secrets.choice(SHORT_ID_ALPHABET) for _ in range(SHORT_ID_LENGTH))


# ---------------------------------------------------------------- where the store is


def default_store_url() -> str:
    """`UCJ_DATABASE_URL` if set, else the SQLite file `UCJ_STORE_PATH` (default: the user's data folder)."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    path = os.environ.get(ENV_PATH, "").strip()
    if not path:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = str(Path(base) / "simulasi-ucj" / "scenarios.sqlite")
    return path


def _to_url(location: str) -> URL:
    """A SQLAlchemy URL from a URL or a plain file path; `postgresql://` uses psycopg 3."""
    if "://" not in location:
        return URL.create("sqlite+pysqlite", database=str(Path(location).expanduser().resolve()))
    try:
        url = make_url(location)
    except ArgumentError:
        raise StoreError([Problem("store.bad_url", {"url": _safe_url(location)})]) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername == "sqlite":
        url = url.set(drivername="sqlite+pysqlite")
    if not url.drivername.startswith(("sqlite", "postgresql")):
        raise StoreError([Problem("store.bad_url", {"url": _safe_url(location)})])
    return url


def _safe_url(location: str) -> str:
    """A URL for messages, without its password."""
    try:
        return make_url(location).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"//[^@/]*@", "//***@", location)


# ---------------------------------------------------------------- opening (and migrating) a store


@cache
def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR))


def head_revision() -> str:
    return _script_directory().get_current_head()


def _known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:":
        path = Path(database)
        if path.exists() and not path.is_file():
            raise StoreError([Problem("store.unreadable", {"where": database, "detail": "not a file"})])
        if path.exists() and path.stat().st_size > 0:
            with path.open("rb") as handle:
                if handle.read(16) != b"SQLite format 3\x00":
                    raise StoreError([Problem("store.unreadable", {"where": database, "detail": "not a SQLite file"})])
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every SQLite test
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 60000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # writers take the write lock up front: no deadlock of two readers turning writers
        read_only = connection.get_execution_options().get("ucj_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process migrates at a time (the others wait, then find the store up to date)."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        lock_path = Path(engine.url.database).with_suffix(Path(engine.url.database).suffix + ".lock")
        with lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_ID})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_ID})
                connection.commit()
    else:
        yield


def _current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None and "scenarios" in tables:
        # A table we did not create through a migration: not ours to change.
        raise StoreError(
            [Problem("store.unreadable", {"where": _safe_url(str(engine.url)), "detail": "no schema version"})]
        )
    return revision


def _upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _check_and_migrate(engine: Engine, target: str = "head") -> None:
    where = _safe_url(str(engine.url))
    head = head_revision() if target == "head" else target
    try:
        revision = _current_revision(engine)
        if revision == head:
            return
        if revision is not None and revision not in _known_revisions():
            raise StoreError([Problem("store.future", {"where": where, "version": revision, "ours": head})])
        with _migration_lock(engine):
            revision = _current_revision(engine)  # another process may have migrated meanwhile
            if revision != head:
                _upgrade(engine, target)
    except StoreError:
        raise
    except OperationalError as exc:
        raise StoreError([Problem("store.unreachable", {"where": where, "detail": _first_line(exc)})]) from None
    except DatabaseError as exc:
        raise StoreError([Problem("store.unreadable", {"where": where, "detail": _first_line(exc)})]) from None


def _first_line(exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", None) or exc)
    return detail.splitlines()[0][:200] if detail else type(exc).__name__


def open_store(location: str | None = None, *, migrate_to: str = "head") -> Store:
    """Open (creating or upgrading it if needed) the store at `location` (URL or path; default: the environment).

    Raises StoreError with a clear two-language message for a file that is not a database, a store from a
    newer app, or a server that cannot be reached; in none of those cases is anything written.
    """
    location = location or default_store_url()
    url = _to_url(location)
    if url.drivername.startswith("sqlite"):
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    try:
        _check_and_migrate(engine, migrate_to)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


# ---------------------------------------------------------------- the store


class Store:
    """List, open, save, rename, duplicate and delete named scenarios. Every method is one transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._read_engine = engine.execution_options(ucj_read_only=True)

    @property
    def kind(self) -> str:
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        return _safe_url(str(self.engine.url))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _session(self, read_only: bool = False) -> Iterator[Session]:
        engine = self._read_engine if read_only else self.engine
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except StoreError:
            raise
        except IntegrityError:
            raise
        except OperationalError as exc:
            raise StoreError(
                [Problem("store.unreachable", {"where": self.where, "detail": _first_line(exc)})]
            ) from None
        except DatabaseError as exc:
            raise StoreError([Problem("store.unreadable", {"where": self.where, "detail": _first_line(exc)})]) from None

    # -- reading

    def list(self, workshop: str | None = None) -> list[SavedScenario]:
        """Every scenario (or one workshop's), most recently changed first."""
        with self._session(read_only=True) as session:
            query = select(ScenarioRow).order_by(ScenarioRow.updated_at.desc(), ScenarioRow.id.desc())
            if workshop:
                query = query.where(ScenarioRow.workshop == _clean_text(workshop))
            return [_saved(row) for row in session.scalars(query)]

    def get(self, name_or_id: str) -> SavedScenario:
        """By name (any case and spacing) or by short id; StoreError if there is none."""
        with self._session(read_only=True) as session:
            row = self._find(session, name_or_id)
            if row is None:
                raise StoreError([Problem("store.not_found", {"name": str(name_or_id)[:NAME_MAX]})])
            return _saved(row)

    def find(self, name_or_id: str) -> SavedScenario | None:
        try:
            return self.get(name_or_id)
        except StoreError as exc:
            if exc.problems and exc.problems[0].key == "store.not_found":
                return None
            raise

    def by_short_id(self, short_id: str) -> SavedScenario | None:
        with self._session(read_only=True) as session:
            row = session.scalar(select(ScenarioRow).where(ScenarioRow.short_id == str(short_id).strip().lower()))
            return None if row is None else _saved(row)

    @staticmethod
    def _find(session: Session, name_or_id: str) -> ScenarioRow | None:
        if not isinstance(name_or_id, str):
            return None
        row = session.scalar(select(ScenarioRow).where(ScenarioRow.name_key == name_key(name_or_id)))
        if row is None:
            row = session.scalar(select(ScenarioRow).where(ScenarioRow.short_id == name_or_id.strip().lower()))
        return row

    def suggest_name(self, name: str) -> str:
        """The first free "name (2)", "name (3)", ... for a clash."""
        base = clean_name(name)
        with self._session(read_only=True) as session:
            taken = set(session.scalars(select(ScenarioRow.name_key)))
        for n in range(2, 10_000):
            suffix = f" ({n})"
            candidate = base[: NAME_MAX - len(suffix)] + suffix
            if name_key(candidate) not in taken:
                return candidate
        return base[: NAME_MAX - 9] + " " + _new_short_id()

    # -- writing

    def save(
        self,
        name: str,
        document: Mapping[str, Any],
        *,
        author: str = "",
        workshop: str = "",
        packages: list[str] | tuple[str, ...] = (),
        replace: bool = False,
    ) -> SavedScenario:
        """Save a scenario under `name`. If the name is taken, raise NameTakenError (with a free name to suggest)
        unless `replace` is True, in which case the existing scenario gets the new document (its short id and
        creation time stay, so links to it keep working)."""
        name = clean_name(name)
        doc = normalise_document(document)
        packs = [str(p)[:TEXT_MAX] for p in packages]
        last: BaseException | None = None
        for _ in range(5):  # retry only on a short-id collision
            try:
                with self._session() as session:
                    row = session.scalar(select(ScenarioRow).where(ScenarioRow.name_key == name_key(name)))
                    now = _now()
                    if row is not None:
                        if not replace:
                            raise _ClashError
                        row.name, row.document, row.packages = name, doc, packs
                        row.author, row.workshop, row.updated_at = _clean_text(author), _clean_text(workshop), now
                    else:
                        row = ScenarioRow(
                            short_id=_new_short_id(),
                            name=name,
                            name_key=name_key(name),
                            document=doc,
                            author=_clean_text(author),
                            workshop=_clean_text(workshop),
                            packages=packs,
                            created_at=now,
                            updated_at=now,
                        )
                        session.add(row)
                    session.flush()
                    return _saved(row)
            except _ClashError:
                raise NameTakenError(name, self.suggest_name(name)) from None
            except IntegrityError as exc:
                if self._name_exists(name):  # another process saved the same name a moment ago
                    if replace:
                        continue
                    raise NameTakenError(name, self.suggest_name(name)) from None
                last = exc
        detail = _first_line(last) if last else "could not save"
        raise StoreError([Problem("store.unreadable", {"where": self.where, "detail": detail})])

    def _name_exists(self, name: str) -> bool:
        with self._session(read_only=True) as session:
            return session.scalar(select(ScenarioRow.id).where(ScenarioRow.name_key == name_key(name))) is not None

    def rename(self, old: str, new: str) -> SavedScenario:
        """Give a scenario another name (same short id); NameTakenError if another scenario has it."""
        new = clean_name(new)
        try:
            with self._session() as session:
                row = self._find(session, old)
                if row is None:
                    raise StoreError([Problem("store.not_found", {"name": str(old)[:NAME_MAX]})])
                clash = session.scalar(select(ScenarioRow).where(ScenarioRow.name_key == name_key(new)))
                if clash is not None and clash.id != row.id:
                    raise _ClashError
                row.name, row.name_key, row.updated_at = new, name_key(new), _now()
                session.flush()
                return _saved(row)
        except (_ClashError, IntegrityError):
            raise NameTakenError(new, self.suggest_name(new)) from None

    def duplicate(self, name: str, new_name: str | None = None) -> SavedScenario:
        """A copy under a new name (default: the first free "name (2)"), with its own short id."""
        original = self.get(name)
        target = clean_name(new_name) if new_name else self.suggest_name(original.name)
        return self.save(
            target,
            original.document,
            author=original.author,
            workshop=original.workshop,
            packages=list(original.packages),
        )

    def delete(self, name: str) -> SavedScenario:
        """Remove a scenario; returns what was removed (so a caller can offer to undo)."""
        with self._session() as session:
            row = self._find(session, name)
            if row is None:
                raise StoreError([Problem("store.not_found", {"name": str(name)[:NAME_MAX]})])
            saved = _saved(row)
            session.delete(row)
            return saved

    def count(self) -> int:
        with self._session(read_only=True) as session:
            return len(session.scalars(select(ScenarioRow.id)).all())


def _saved(row: ScenarioRow) -> SavedScenario:
    return SavedScenario(
        short_id=row.short_id,
        name=row.name,
        document=dict(row.document or {}),
        author=row.author or "",
        workshop=row.workshop or "",
        packages=tuple(row.packages or ()),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
