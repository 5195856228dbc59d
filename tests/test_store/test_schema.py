"""model/store/schema.py: the declarative table is what the Alembic migrations build, and the database itself
refuses a second scenario of the same name or short id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from model.store import open_store
from model.store.schema import Base, ScenarioRow


def row(short_id: str, name: str) -> ScenarioRow:
    now = datetime.now(UTC)
    return ScenarioRow(
        short_id=short_id,
        name=name,
        name_key=name.casefold(),
        document={"schema": 1},
        created_at=now,
        updated_at=now,
    )


def test_the_migrations_build_the_table_the_model_declares(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(str(path)).close()
    migrated = inspect(create_engine(f"sqlite:///{path}"))
    columns = {c["name"]: c["nullable"] for c in migrated.get_columns("scenarios")}
    declared = {c.name: c.nullable for c in ScenarioRow.__table__.columns}
    assert columns == declared
    unique = {tuple(u["column_names"]) for u in migrated.get_unique_constraints("scenarios")}
    unique |= {tuple(i["column_names"]) for i in migrated.get_indexes("scenarios") if i["unique"]}
    assert {("short_id",), ("name_key",)} <= unique


@pytest.mark.parametrize(("first", "second"), [(("a1", "Paket A"), ("a2", "paket a")), (("a1", "X"), ("a1", "Y"))])
def test_the_database_refuses_a_clash_of_name_or_short_id(first, second):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(row(*first))
        session.commit()
        session.add(row(*second))
        with pytest.raises(IntegrityError):
            session.commit()


def test_defaults_of_a_new_row():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(row("b1", "Baru"))
        session.commit()
        saved = session.get(ScenarioRow, 1)
        assert (saved.author, saved.workshop, saved.packages) == ("", "", [])
