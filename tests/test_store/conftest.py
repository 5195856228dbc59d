"""Store fixtures: a fresh SQLite file per test, and one throwaway PostgreSQL cluster per test session."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.services import PgCluster, postgres_cluster

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """A new empty database on the session's cluster."""
    return pg_cluster.create_database(f"ucj_test_{next(_counter)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store" / "scenarios.sqlite")
    return request.getfixturevalue("pg_url")
