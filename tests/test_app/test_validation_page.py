"""The Method page shows the backtest (predicted vs reported per province) and each lever's evidence."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from model.backtest import run_backtest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_method_page_shows_validation_with_the_cli_figures():
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.switch_page("app_pages/asumsi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Validasi model" in [h.value for h in at.subheader]
    assert "Bukti di balik setiap kebijakan" in [h.value for h in at.subheader]
    summary = run_backtest("2024-06-30", draws=200).summary()
    labels = {m.label: m.value for m in reversed(at.metric)}  # the first tab (2024-06-30) wins
    assert labels["Angka dibandingkan"] == str(summary["n"])
    assert labels["Galat rata-rata model (poin)"] == f"{summary['mae_model']:.1f}".replace(".", ",")
    assert any("Labuhanbatu" in md.value for md in at.markdown)
    # The per-province table lists predicted and reported figures.
    tables = [d.value for d in at.dataframe if "Prediksi" in d.value.columns]
    table = tables[0]  # the first tab (2024-06-30)
    assert {"Dilaporkan", "Prediksi", "P10–P90", "Seperti dipublikasikan"} <= set(table.columns)
    assert len(table) == summary["n"]
    # Figures on another denominator with no count to convert them are listed with the reason, not hidden.
    left_out = next(d.value for d in at.dataframe if "Alasan dikeluarkan" in d.value.columns)
    assert len(left_out) == summary["n_excluded"] > 0
    assert left_out["Alasan dikeluarkan"].str.contains("penyebut").all()
    assert any("Des 2023" in c.value or "2023-12-31" in c.value for c in at.caption)
    # The page says what the band contains, with the noise measured from the figures up to each cut-off.
    noise = f"{summary['observation_noise_pp']:.2f}".replace(".", ",")
    assert any(f"simpangan baku {noise} poin" in c.value and "2024-06-30" in c.value for c in at.caption)
