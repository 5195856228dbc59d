"""model/store/commands.py, `python -m model scenarios ...`: JSON out, clashes and bad stores exit 2 with one
line, never a traceback."""

from __future__ import annotations

import json

from model.cli import main


def _run(capsys, *argv: str) -> tuple[int, object, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_save_list_show_rename_duplicate_delete(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    levers = tmp_path / "levers.json"
    levers.write_text(json.dumps({"default": {"budget_bn": 10, "start_year": 2028}, "regions": {"15": {}}}))
    code, saved, _ = _run(
        capsys,
        "scenarios",
        "save",
        "--name",
        "APBD 10",
        "--levers",
        str(levers),
        "--store",
        store,
        "--author",
        "Grup 2",
        "--workshop",
        "FGD",
    )
    assert code == 0 and saved["name"] == "APBD 10" and saved["author"] == "Grup 2"
    assert saved["document"]["default"]["budget_bn"] == 10 and saved["document"]["default"]["outreach_start"] == 2028
    assert saved["document"]["regions"]["15"]["budget_bn"] == 10

    code, listing, _ = _run(capsys, "scenarios", "list", "--store", store)
    assert code == 0 and [s["name"] for s in listing] == ["APBD 10"] and "document" not in listing[0]
    assert listing[0]["short_id"] == saved["short_id"] and listing[0]["created_at"].endswith("+00:00")

    code, shown, _ = _run(capsys, "scenarios", "show", saved["short_id"], "--store", store)
    assert code == 0 and shown == saved

    code, _, err = _run(capsys, "scenarios", "save", "--name", "apbd 10", "--levers", str(levers), "--store", store)
    assert code == 2 and err.startswith("error: ") and "apbd 10 (2)" in err and len(err.splitlines()) == 1
    code, replaced, _ = _run(
        capsys, "scenarios", "save", "--name", "apbd 10", "--levers", str(levers), "--store", store, "--replace"
    )
    assert code == 0 and replaced["short_id"] == saved["short_id"] and replaced["name"] == "apbd 10"

    code, copy, _ = _run(capsys, "scenarios", "duplicate", "apbd 10", "--as", "Salinan", "--store", store)
    assert code == 0 and copy["name"] == "Salinan"
    code, renamed, _ = _run(capsys, "scenarios", "rename", "Salinan", "Versi 2", "--store", store)
    assert code == 0 and renamed["short_id"] == copy["short_id"]
    code, deleted, _ = _run(capsys, "scenarios", "delete", "Versi 2", "--store", store)
    assert code == 0 and deleted["deleted"]["name"] == "Versi 2"
    code, listing, _ = _run(capsys, "scenarios", "list", "--store", store)
    assert [s["name"] for s in listing] == ["apbd 10"]


def test_bad_inputs_exit_2_with_one_line(tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    bad_levers = tmp_path / "bad.json"
    bad_levers.write_text('{"default": {"budget_bn": 900}}')
    code, _, err = _run(capsys, "scenarios", "save", "--name", "x", "--levers", str(bad_levers), "--store", str(store))
    assert code == 2 and "500" in err
    code, _, err = _run(capsys, "scenarios", "show", "nope", "--store", str(store), "--lang", "en")
    assert code == 2 and err == "error: No saved scenario is called “nope”.\n"
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all")
    code, _, err = _run(capsys, "scenarios", "list", "--store", str(garbage))
    assert code == 2 and "tidak dapat dibaca" in err and garbage.read_bytes() == b"not a database at all"
    code, _, err = _run(capsys, "scenarios", "list", "--store", "mysql://u@h/db")
    assert code == 2 and "postgresql://" in err
    code, _, err = _run(capsys, "scenarios", "list", "--store", "postgresql://u:secret@127.0.0.1:1/db", "--lang", "en")
    assert code == 2 and "cannot be reached" in err and "secret" not in err


def test_save_from_packages_stacks_them_and_remembers_which(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    code, saved, _ = _run(
        capsys, "scenarios", "save", "--name", "Paket", "--package", "perda", "--package", "apbd_5", "--store", store
    )
    assert code == 0 and saved["packages"] == ["perda", "apbd_5"]
    default = saved["document"]["default"]
    assert (default["regulation_level"], default["budget_bn"], default["outreach_pct"]) == (2, 5, 0)
    code, _, err = _run(capsys, "scenarios", "save", "--name", "Kosong", "--store", store)
    assert code == 2 and "--levers" in err and "Traceback" not in err
