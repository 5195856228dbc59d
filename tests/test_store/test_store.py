"""The scenario store on SQLite and on a real PostgreSQL server: every operation, clashes, bad stores,
migrations from an older schema, and 20 processes at once."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import sqlite3
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from model import InputError, Scenario
from model.scenario import ScenarioDocument
from model.store import NameTakenError, StoreError, open_store
from model.store.store import _sqlite_engine, _to_url, head_revision
from tests.scenario_strategies import documents

DOC = {"default": {"budget_bn": 5.0, "regulation_level": 2}, "regions": {"15": {"outreach_pct": 40.0}}}


def test_save_open_list_rename_duplicate_delete(store_url):
    with open_store(store_url) as store:
        assert store.list() == []
        saved = store.save("Paket A", DOC, author="Grup 1", workshop="FGD Jambi", packages=["perda_perizinan"])
        assert len(saved.short_id) == 8 and saved.short_id.isalnum()
        got = store.get("paket   A")  # any case and spacing
        assert got.name == "Paket A" and got.author == "Grup 1" and got.workshop == "FGD Jambi"
        assert got.packages == ("perda_perizinan",)
        assert got.scenario == Scenario.from_dict(DOC)
        assert got.document["regions"]["15"]["budget_bn"] == 5.0  # region inherits the national budget
        assert store.get(saved.short_id).name == "Paket A"
        assert store.by_short_id(saved.short_id.upper()).name == "Paket A"
        assert got.created_at is not None and got.updated_at is not None

        copy = store.duplicate("Paket A")
        assert copy.name == "Paket A (2)" and copy.short_id != saved.short_id and copy.document == got.document
        renamed = store.rename("Paket A (2)", "Paket B")
        assert renamed.short_id == copy.short_id and store.get("paket b").name == "Paket B"
        assert [s.name for s in store.list()] == ["Paket B", "Paket A"]  # most recently changed first
        assert [s.name for s in store.list("FGD Jambi")] == ["Paket B", "Paket A"]
        assert store.list("other") == []

        removed = store.delete("Paket A")
        assert removed.short_id == saved.short_id
        assert store.find("Paket A") is None and store.by_short_id(saved.short_id) is None
        assert store.count() == 1
        with pytest.raises(StoreError) as err:
            store.delete("Paket A")
        assert err.value.problems[0].key == "store.not_found"


def test_name_clash_asks_instead_of_replacing(store_url):
    with open_store(store_url) as store:
        first = store.save("Perda + Rp5 miliar", DOC)
        other = {"default": {"budget_bn": 9.0}}
        with pytest.raises(NameTakenError) as err:
            store.save("PERDA +  rp5 MILIAR", other)
        assert err.value.suggestion == "PERDA + rp5 MILIAR (2)"
        assert "sudah dipakai" in err.value.message("id") and "already used" in err.value.message("en")
        assert store.get("Perda + Rp5 miliar").document == first.document  # nothing replaced
        store.save("x", other)
        with pytest.raises(NameTakenError):
            store.rename("x", "perda + rp5 miliar")
        # Asked and confirmed: replaced in place, same short id (links keep working) and creation time.
        replaced = store.save("Perda + Rp5 miliar", other, replace=True)
        assert replaced.short_id == first.short_id
        assert replaced.created_at == store.get(first.short_id).created_at
        assert store.get(first.short_id).document["default"]["budget_bn"] == 9.0
        assert store.count() == 2


@pytest.mark.parametrize("bad", ["", "   ", "a" * 121, "tab\x07bell", 42])
def test_bad_names_are_refused(tmp_path, bad):
    with open_store(str(tmp_path / "s.sqlite")) as store, pytest.raises(StoreError) as err:
        store.save(bad, DOC)
    assert err.value.problems[0].key == "store.name_invalid"


def test_markup_names_are_kept_verbatim(tmp_path):
    names = ["![x](http://evil.example/p.png)", "<img src=x onerror=alert(1)>", '=HYPERLINK("http://x")']
    with open_store(str(tmp_path / "s.sqlite")) as store:
        for name in names:
            store.save(name, DOC)
        assert sorted(s.name for s in store.list()) == sorted(names)


def test_invalid_documents_are_refused_and_nothing_is_saved(store_url):
    with open_store(store_url) as store:
        deep: dict = {}
        for _ in range(50):
            deep = {"x": deep}
        bad_docs = [{"default": {"budget_bn": 501}}, {"regions": {"15": 5}}, {"default": "x"}, []]
        bad_docs += [{"default": {}, "notes": deep}, {"default": {}, "blob": "x" * 300_000}, {"default": {"x": 1}}]
        bad_docs += [{"default": {"budget_bn": float("inf")}}, {"default": {"budget_bn": float("nan")}}]
        for bad in bad_docs:
            with pytest.raises(InputError):
                store.save("bad", bad)
        assert store.count() == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(document=documents(), name=st.text(min_size=1, max_size=60).filter(lambda s: s.strip() and s.isprintable()))
def test_random_documents_round_trip_every_field(tmp_path_factory, document, name):
    """Any valid scenario document (levers, assumptions, target, settings, view) comes back identical."""
    path = tmp_path_factory.mktemp("rt") / "s.sqlite"
    with open_store(str(path)) as store:
        saved = store.save(name, document, author="g", workshop="w")
    with open_store(str(path)) as store:  # as another process would: reopen and read
        got = store.by_short_id(saved.short_id)
        by_name = store.get(name)
    assert got.doc == document and by_name.doc == document
    assert got.scenario == document.levers
    assert ScenarioDocument.from_json(got.document) == document


def test_command_line_levers_shape_is_a_version_0_document(tmp_path):
    with open_store(str(tmp_path / "s.sqlite")) as store:
        saved = store.save("legacy", {"name": "old file", "saved": "2026-01-01", **DOC})
    assert saved.document["schema"] >= 1 and saved.doc.levers == Scenario.from_dict(DOC)


# ---------------------------------------------------------------- SQLite specifics


def test_sqlite_file_is_created_on_first_use_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "deep" / "folder" / "scenarios.sqlite"
    monkeypatch.delenv("UCJ_DATABASE_URL", raising=False)
    monkeypatch.setenv("UCJ_STORE_PATH", str(path))
    assert not path.exists()
    with open_store() as store:
        store.save("a", DOC)
        assert store.kind == "sqlite"
    assert path.is_file()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


@pytest.mark.parametrize("content", [b"this is not a database", b"SQLite format 3\x00" + b"\x01" * 4000])
def test_unreadable_file_gives_a_clear_message_and_is_not_touched(tmp_path, content):
    path = tmp_path / "scenarios.sqlite"
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    with pytest.raises(StoreError) as err:
        open_store(str(path))
    assert err.value.problems[0].key == "store.unreadable"
    assert "tidak diubah" in err.value.message("id") and "not changed" in err.value.message("en")
    assert path.read_bytes() == content and path.stat().st_mtime_ns == before


def test_store_from_a_newer_app_is_refused_and_not_touched(store_url):
    with open_store(store_url) as store:
        store.save("kept", DOC)
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    snapshot = _dump(store_url)
    with pytest.raises(StoreError) as err:
        open_store(store_url)
    assert err.value.problems[0].key == "store.future"
    assert "9999_future" in err.value.message("en") and "lebih baru" in err.value.message("id")
    assert _dump(store_url) == snapshot


def _dump(url: str) -> list:
    engine = _sqlite_engine(_to_url(url)) if "://" not in url else __import__("sqlalchemy").create_engine(_to_url(url))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, document FROM scenarios ORDER BY id")).all()
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return [version, *[tuple(r) for r in rows]]


def test_newer_app_upgrades_an_older_store_and_keeps_its_scenarios(store_url):
    """A store written at the first schema (no packages column) opens in this app with every scenario."""
    old = open_store(store_url, migrate_to="0001")
    now = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    with old.engine.begin() as connection:
        columns = {c["name"] for c in __import__("sqlalchemy").inspect(connection).get_columns("scenarios")}
        assert "packages" not in columns
        connection.execute(
            text(
                "INSERT INTO scenarios (short_id, name, name_key, document, author, workshop, created_at, updated_at) "
                "VALUES ('abcdefgh', 'Lama', 'lama', :doc, 'g', 'w', :t, :t)"
            ),
            {"doc": json.dumps(Scenario.from_dict(DOC).to_dict()), "t": now},
        )
    old.close()
    with open_store(store_url) as store:
        got = store.get("Lama")
        assert got.short_id == "abcdefgh" and got.packages == () and got.scenario == Scenario.from_dict(DOC)
        assert got.created_at.replace(tzinfo=got.created_at.tzinfo or UTC) == now
        store.save("Baru", DOC, packages=["jaringan_agen"])
        assert store.get("Baru").packages == ("jaringan_agen",)


# ---------------------------------------------------------------- 20 processes at once


def _worker(url: str, worker: int, rounds: int, start, errors) -> None:
    try:
        start.wait(30)
        with open_store(url) as store:
            for i in range(rounds):
                budget = round(worker + i / 10, 1)
                store.save(
                    f"w{worker}-s{i}", {"default": {"budget_bn": budget, "outreach_pct": i}}, author=f"g{worker}"
                )
                got = store.get(f"w{worker}-s{i}")
                assert got.document["default"]["budget_bn"] == budget, got.document
                store.list()
                # everyone also races for one shared name: exactly one wins, the rest are asked
                with contextlib.suppress(NameTakenError):
                    store.save("shared", {"default": {"budget_bn": worker}})
    except BaseException as exc:  # reported to the parent
        errors.put(f"worker {worker}: {type(exc).__name__}: {exc}")


@pytest.mark.slow
def test_twenty_processes_saving_and_loading_lose_nothing(store_url):
    workers, rounds = 20, 5
    context = multiprocessing.get_context("fork")
    start, errors = context.Event(), context.Queue()
    processes = [context.Process(target=_worker, args=(store_url, w, rounds, start, errors)) for w in range(workers)]
    for p in processes:
        p.start()
    start.set()  # all open the (new) store and write at once
    for p in processes:
        p.join(180)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert problems == []
    assert all(p.exitcode == 0 for p in processes)
    with open_store(store_url) as store:
        everything = {s.name: s for s in store.list()}
        assert len(everything) == workers * rounds + 1
        for w in range(workers):
            for i in range(rounds):
                saved = everything[f"w{w}-s{i}"]
                assert saved.author == f"g{w}"
                assert saved.document["default"]["budget_bn"] == round(w + i / 10, 1)
                assert saved.document["default"]["outreach_pct"] == i
        assert len({s.short_id for s in everything.values()}) == len(everything)
        if store.kind == "sqlite":
            with store.engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(document=documents())
def test_short_link_round_trip_restores_every_field(tmp_path_factory, document):
    """A saved scenario opened by `?s=<short id>` is expanded into the one link codec's parameters (what
    ui/store_ui.expand_short_link does): the document read back from them is the saved one, field by field."""
    from model.scenario_url import decode, encode
    from tests.scenario_strategies import PROVINCES

    path = tmp_path_factory.mktemp("short") / "s.sqlite"
    with open_store(str(path)) as store:
        short_id = store.save("link", document).short_id
    with open_store(str(path)) as store:
        saved = store.by_short_id(short_id)
    page, params = encode(saved.doc)
    restored, problems = decode(page, params, PROVINCES)
    assert problems == [] and restored == document
