"""Loading and validating region tables: the shipped baseline, user uploads, and deliberately bad tables."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from model import InputError, load_regions
from model.assumptions import load_assumption_specs
from model.data import STATUSES, parse_number

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file -> fragments that the English message must contain (one problem per fragment, in any order)
BAD_TABLES = {
    "missing_column.csv": ["Required column 'potential_workers' is missing"],
    "duplicate_code.csv": ["'15' appears more than once (rows 2, 3)"],
    "participants_above_potential.csv": ["Row 2, column 'active_participants'", "exceed potential workers"],
    "negative_participants.csv": ["Row 2, column 'active_participants'", "Must not be negative"],
    "zero_potential.csv": ["Row 2, column 'potential_workers'", "greater than 0"],
    "bad_date.csv": ["Row 2, column 'as_of'", "not a valid date"],
    "not_a_number.csv": ["Row 2, column 'potential_workers'", "'satu juta' is not a number"],
    "header_only.csv": ["The table is empty"],
    "empty_file.csv": ["The table is empty"],
    "target_above_100.csv": ["Row 2, column 'target_pct'", "between 0 and 100"],
    "informal_share_as_percent.csv": ["column 'informal_share'", "write 0.58 for 58%"],
    "coverage_mismatch.csv": ["Stated coverage 60.00%", "45.17%"],
    "missing_key_fields.csv": [
        "Row 2, column 'name'",
        "neither a region name nor a code",
        "Row 3, column 'active_participants'",
    ],
    "date_out_of_range.csv": ["1890-01-01", "outside 2000–2045"],
    "bad_status.csv": ["Status 'guess' is unknown"],
    "corrupt.xlsx": ["cannot be read as a CSV or Excel table"],
}


def test_every_bad_fixture_is_listed():
    from tests.test_model.test_reader import BAD_FILES

    copies = [f"broken_regency_sheet.{ext}" for ext in ("xlsx", "xls", "ods")] + ["corrupt.xls", "corrupt.ods"]
    listed = [*BAD_TABLES, *BAD_FILES, "many_problems.csv", *copies]  # copies: test_reader checks each
    assert sorted(p.name for p in BAD.iterdir()) == sorted(listed)


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_bad_table_is_rejected_with_a_clear_message(name):
    with pytest.raises(InputError) as caught:
        load_regions(BAD / name)
    english = caught.value.message("en")
    for fragment in BAD_TABLES[name]:
        assert fragment in english
    bahasa = caught.value.message("id")
    assert bahasa and bahasa != english


def test_all_problems_are_reported_at_once():
    with pytest.raises(InputError) as caught:
        load_regions(BAD / "many_problems.csv")
    problems = caught.value.problems
    where = {(p.row, p.column) for p in problems}
    assert {(2, "active_participants"), (2, "target_pct"), (3, "potential_workers"), (3, "as_of")} <= where
    assert len(caught.value.message("id").splitlines()) == len(problems)


def test_baseline_has_all_38_provinces_with_status_and_source(baseline):
    frame = baseline.frame
    assert len(frame) == 38
    assert frame["code"].is_unique
    assert set(frame["status"]) <= set(STATUSES)
    for column in ("status", "coverage_status", "potential_status", "target_status", "informal_status"):
        assert frame[column].isin(STATUSES).all(), column
    assert frame["source"].str.len().gt(5).all()
    assert frame["note"].str.len().gt(5).all()
    assert frame["coverage_pct"].between(0, 100).all()
    assert (frame["active_participants"] <= frame["potential_workers"]).all()


def test_baseline_keeps_the_sourced_jambi_figure(baseline):
    jambi = baseline.frame.set_index("code").loc["15"]
    assert jambi["potential_workers"] == 1_312_370
    assert jambi["active_participants"] == 592_806
    assert jambi["coverage_pct"] == pytest.approx(45.17, abs=0.005)
    assert jambi["status"] == "reported"
    assert "dialognews.id" in jambi["source"]


def test_every_estimate_says_how_it_was_made(baseline):
    frame = baseline.frame
    estimated = frame[frame["status"] == "estimate"]
    assert len(estimated) > 0
    assert estimated["note"].str.contains("ESTIMATED").all()
    assert estimated["coverage_pct"].round(2).eq(35.68).all()  # the national figure, by the stated rule


def test_every_assumption_has_unit_range_and_source():
    specs = load_assumption_specs()
    assert len(specs) >= 15
    for spec in specs:
        assert spec.unit and spec.unit_id and spec.source and spec.label_id and spec.label_en, spec.key
        assert spec.status in STATUSES, spec.key
        assert spec.low <= spec.default <= spec.high, spec.key
        if spec.status == "estimate":
            assert "no source" in spec.source or spec.note, spec.key


def test_premium_is_the_sourced_rp16800():
    premium = {s.key: s for s in load_assumption_specs()}["premium_per_month"]
    assert premium.default == 16_800
    assert premium.status == "reported"


def test_row_order_does_not_change_the_table(baseline):
    shuffled = baseline.frame.sample(frac=1, random_state=4)
    text = shuffled.assign(as_of=shuffled["as_of"].dt.strftime("%Y-%m-%d")).to_csv(index=False)
    again = load_regions(text.encode(), filename="shuffled.csv")
    assert again.codes == baseline.codes


def test_bahasa_headers_semicolons_and_indonesian_numbers_are_read():
    text = "kode;nama;potensi_pekerja;peserta_aktif;tanggal;target\n15;Jambi;1.312.370;592.806;2024-12;55,5\n"
    table = load_regions(text.encode(), filename="jambi.csv")
    row = table.frame.iloc[0]
    assert row["potential_workers"] == 1_312_370
    assert row["active_participants"] == 592_806
    assert row["target_pct"] == pytest.approx(55.5)
    assert row["as_of"] == pd.Timestamp("2024-12-01")


def test_excel_upload_is_read(tmp_path):
    frame = pd.DataFrame(
        {
            "code": ["1571", "1572"],
            "name": ["Kota Jambi", "Kota Sungai Penuh"],
            "potential_workers": [250_000, 40_000],
            "active_participants": [120_000, 9_000],
            "as_of": ["2025-06-30", "2025-06-30"],
            "target_pct": [60, 50],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    table = load_regions(buffer.getvalue(), filename="kabkota.xlsx")
    assert table.codes == ["15.71", "15.72"]  # four digits read as Kemendagri codes, kept as text
    assert table.frame["coverage_pct"].round(1).tolist() == [48.0, 22.5]
    assert (table.frame["informal_status"] == "estimate").all()  # national default filled, and marked


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("1.312.370", True, 1_312_370),
        ("1,312,370", True, 1_312_370),
        ("45,17", False, 45.17),
        ("45.17%", False, 45.17),
        ("0.617", False, 0.617),
        ("1.312", True, 1312),
        ("", False, None),
    ],
)
def test_parse_number(text, count, expected):
    assert parse_number(text, count=count) == (pytest.approx(expected) if expected is not None else None)
