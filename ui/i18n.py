"""Every string a user reads, in Bahasa Indonesia (first) and English, from this one catalogue.

`t(key, lang=None, **params)` returns the text in the session's language. A test fails when a key used in
the code is missing, or when a key lacks either language.
"""

from __future__ import annotations

import threading

__all__ = ["STRINGS", "LANGS", "t", "use_language"]

LANGS = ("id", "en")

# key: (Bahasa Indonesia, English)
STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "nav.overview": ("Ringkasan", "Overview"),
    "nav.simulation": ("Simulasi", "Simulation"),
    "nav.ranking": ("Peringkat", "Ranking"),
    "nav.profile": ("Profil provinsi", "Province profile"),
    "nav.scenarios": ("Skenario", "Scenarios"),
    "nav.assumptions": ("Asumsi & metodologi", "Assumptions & method"),
    "nav.data": ("Data", "Data"),
    # sidebar
    "sidebar.present": ("Mode presentasi", "Presentation mode"),
    "sidebar.present_help": (
        "Huruf lebih besar dan panel samping dilipat, untuk layar proyektor.",
        "Larger type and the sidebar folded, for a projector.",
    ),
    "sidebar.policy_all": ("Kebijakan (semua provinsi)", "Policy (all provinces)"),
    "sidebar.funded": (
        "≈ {n} pekerja rentan didanai per provinsi (iuran JKK+JKM {premium} per pekerja per tahun)",
        "≈ {n} vulnerable workers funded per province (JKK+JKM premium {premium} per worker per year)",
    ),
    "sidebar.start_year": ("Mulai berlaku (tahun)", "Starts in (year)"),
    "sidebar.start_year_help": (
        "Semua tuas mulai bekerja pada Januari tahun ini (APBD tahun berikutnya).",
        "All levers take effect in January of this year (the next regional budget year).",
    ),
    "sidebar.reset_policies": ("Atur ulang kebijakan", "Reset policies"),
    "sidebar.focus": ("Provinsi fokus", "Focus province"),
    "sidebar.override_title": ("Kebijakan khusus {name}", "Own policy for {name}"),
    "sidebar.override_count": ("{n} provinsi berkebijakan khusus", "{n} provinces with their own policy"),
    "sidebar.override_on": ("Pakai kebijakan khusus", "Use its own policy"),
    "sidebar.override_where": ("atur di halaman Simulasi", "set them on the Simulation page"),
    "sidebar.settings_summary": ("Pengaturan · {target} · tahun {year}", "Settings · {target} · year {year}"),
    "sidebar.target_basis": ("Target yang dipakai", "Target used"),
    "sidebar.target_basis_help": (
        "Target tiap provinsi dari sumbernya, atau satu garis nasional untuk semua.",
        "Each province's own sourced target, or one national line for all.",
    ),
    "sidebar.target_custom": ("Target sendiri (%)", "Own target (%)"),
    "sidebar.rank_year": ("Tahun pembanding peringkat", "Year ranks are compared at"),
    "sidebar.rank_year_help": (
        "Peringkat dan cakupan dibandingkan pada Desember tahun ini.",
        "Ranks and coverage are compared in December of this year.",
    ),
    "sidebar.uncertainty": ("Tampilkan ketidakpastian", "Show uncertainty"),
    "sidebar.uncertainty_help": (
        "100 simulasi Monte Carlo (Latin hypercube) atas asumsi yang tidak pasti: pita P10–P90 dan peluang "
        "mencapai target.",
        "100 Monte Carlo draws (Latin hypercube) of the uncertain assumptions: P10–P90 bands and the chance of "
        "reaching the target.",
    ),
    "target_basis.own": ("Target provinsi masing-masing", "Each province's own target"),
    "target_basis.kemendagri": ("Kemendagri 2025: 52,15%", "Kemendagri 2025: 52.15%"),
    "target_basis.rpjmn": ("RPJMN 2029: 43,92%", "RPJMN 2029: 43.92%"),
    "target_basis.rpjpn": ("RPJPN 2045: 99,5%", "RPJPN 2045: 99.5%"),
    "target_basis.custom": ("Target sendiri", "Own target"),
    "regulation.short0": ("Tidak ada", "None"),
    "regulation.short1": ("Pergub/SE", "Circular"),
    "regulation.short2": ("Perda", "Perda"),
    "regulation.short3": ("Perda+sanksi", "Perda+sanctions"),
    "levers.regulation": ("Regulasi", "Regulation"),
    "levers.budget": ("Anggaran", "Budget"),
    "levers.outreach": ("Sosialisasi", "Outreach"),
    "levers.from": ("mulai", "from"),
    "levers.own": ("{n} provinsi berkebijakan khusus", "{n} provinces with their own policy"),
    # shared words
    "scenario.baseline": ("Skenario dasar", "Baseline"),
    "scenario.policy": ("Skenario kebijakan", "Policy scenario"),
    "status.reported": ("dilaporkan", "reported"),
    "status.derived": ("diturunkan", "derived"),
    "status.estimate": ("estimasi", "estimate"),
    "class.already": ("Sudah tercapai", "Already reached"),
    "class.never": ("Belum sampai 2045", "Not by 2045"),
    "note.estimates": (
        "{n} dari {total} wilayah memakai estimasi (ditandai ≈ dan garis putus-putus). Lihat halaman Data.",
        "{n} of {total} regions rest on estimates (marked ≈ and dashed). See the Data page.",
    ),
    "table.region": ("Wilayah", "Region"),
    "table.estimate_mark": ("≈ estimasi", "≈ estimate"),
    "table.coverage_now": ("Cakupan kini", "Coverage now"),
    "table.target": ("Target", "Target"),
    "table.year_baseline": ("Tercapai (dasar)", "Reached (baseline)"),
    "table.year_scenario": ("Tercapai (kebijakan)", "Reached (policy)"),
    "table.coverage_year": ("Cakupan {year}", "Coverage {year}"),
    "table.rank_now": ("Peringkat kini", "Rank now"),
    "table.rank_new": ("Peringkat {year}", "Rank {year}"),
    "table.change": ("Naik/turun", "Up/down"),
    "table.rank_move": ("Peringkat kini → {year}", "Rank now → {year}"),
    # charts
    "chart.coverage_axis": ("Cakupan UCJ (%)", "UCJ coverage (%)"),
    "chart.region": ("Wilayah", "Region"),
    "chart.scenario_title": ("Skenario", "Scenario"),
    "chart.month": ("Bulan", "Month"),
    "chart.coverage": ("Cakupan (%)", "Coverage (%)"),
    "chart.target": ("Target", "Target"),
    "chart.reached": ("Target tercapai", "Target reached"),
    "chart.year": ("Tahun", "Year"),
    "chart.target_year": ("Target tercapai pada tahun", "Year the target is reached"),
    "chart.coverage_now": ("Cakupan kini", "Coverage now"),
    "chart.status": ("Data", "Data"),
    "chart.source": ("Sumber", "Source"),
    "chart.status_reported": ("dilaporkan/diturunkan", "reported/derived"),
    "chart.status_estimate": ("estimasi", "estimate"),
    "chart.rank": ("Peringkat", "Rank"),
    "chart.formal": ("Formal (Penerima Upah)", "Formal (wage earners)"),
    "chart.self_paying": ("BPU mandiri", "Self-paying informal (BPU)"),
    "chart.funded": ("BPU didanai APBD/APBDes", "Informal funded by APBD/APBDes"),
    "chart.members_axis": ("Peserta aktif", "Active participants"),
    "chart.segment": ("Segmen", "Segment"),
    "chart.members": ("Peserta", "Participants"),
    "chart.baseline_total": ("Total skenario dasar", "Baseline total"),
    "chart.probability_axis": ("Peluang", "Chance"),
    "chart.probability": ("Peluang", "Chance"),
    # overview
    "overview.title": ("Ringkasan nasional", "National overview"),
    "overview.lead": (
        "Cakupan UCJ nasional kini dan pada {year}, provinsi yang mencapai target, dan pergeseran peringkat — "
        "skenario dasar dibandingkan skenario kebijakan di panel samping.",
        "National UCJ coverage now and in {year}, provinces at target, and rank shifts — baseline versus the "
        "policy scenario set in the side panel.",
    ),
    "overview.coverage_now": ("Cakupan nasional kini", "National coverage now"),
    "overview.coverage_now_help": (
        "Jumlah peserta aktif ÷ jumlah potensi pekerja seluruh provinsi, dari data terakhir tiap provinsi. "
        "{n} dari {total} provinsi memakai estimasi. Sumber: halaman Data.",
        "Sum of active participants ÷ sum of potential workers over all provinces, at each province's latest "
        "figure. {n} of {total} provinces rest on estimates. Source: the Data page.",
    ),
    "overview.coverage_year": ("Cakupan nasional {year}", "National coverage {year}"),
    "overview.coverage_year_help": (
        "Proyeksi model (Desember) dengan kebijakan; skenario dasar: {baseline}. Perubahan dalam poin persen.",
        "Model projection (December) with the policy; baseline: {baseline}. Change in percentage points.",
    ),
    "overview.at_target": ("Capai target s.d. {year}", "At target by {year}"),
    "overview.at_target_help": (
        "Provinsi yang cakupannya mencapai target sebelum akhir tahun ini; skenario dasar: {baseline}.",
        "Provinces whose coverage reaches their target by the end of this year; baseline: {baseline}.",
    ),
    "overview.additional": ("Tambahan peserta {year}", "Extra members {year}"),
    "overview.additional_help": (
        "Selisih peserta aktif skenario kebijakan dan skenario dasar, semua provinsi (proyeksi model).",
        "Active participants under the policy minus the baseline, all provinces (model projection).",
    ),
    "overview.map_title": ("Tahun target tercapai", "Year the target is reached"),
    "overview.map_which": ("Skenario peta", "Scenario on the map"),
    "overview.map_style": ("Bentuk peta", "Map style"),
    "overview.map_style_shapes": ("Peta", "Map"),
    "overview.map_style_tiles": ("Kisi", "Grid"),
    "overview.map_caption": (
        "Warna = tahun provinsi pertama kali mencapai targetnya; makin gelap makin cepat. Garis putus-putus = "
        "data estimasi. Arahkan kursor untuk sumber.",
        "Colour = year each province first reaches its target; darker is sooner. Dashed outline = estimated "
        "data. Hover for the source.",
    ),
    "overview.no_map": (
        "Peta hanya tersedia untuk 38 provinsi (kode Kemendagri); tabel yang diunggah tidak punya bentuk wilayah.",
        "The map is available for the 38 provinces (Kemendagri codes) only; the uploaded table has no shapes.",
    ),
    "overview.movers_title": ("Pergeseran peringkat terbesar, kini → {year}", "Biggest rank movers, now → {year}"),
    "overview.movers_estimates_excluded": (
        "Provinsi dengan cakupan estimasi tidak ditampilkan: angkanya sama sehingga pergeserannya semu.",
        "Provinces with estimated coverage are left out: they share one figure, so their moves are artefacts.",
    ),
    "overview.movers_caption": (
        "Peringkat menurut cakupan (1 = tertinggi), skenario kebijakan; ▲ naik, ▼ turun.",
        "Rank by coverage (1 = highest), policy scenario; ▲ up, ▼ down.",
    ),
    "overview.national_title": ("Cakupan nasional per tahun", "National coverage by year"),
    "overview.national_caption": (
        "Akhir tahun; peserta aktif semua provinsi dibagi potensi pekerja semua provinsi (model, kasus tengah).",
        "At year end; active participants of all provinces over their potential workers (model, central case).",
    ),
    "overview.national_row": ("Skenario", "Scenario"),
    "overview.national_difference": ("Selisih", "Difference"),
    # simulation
    "sim.title": ("Simulasi: {name}", "Simulation: {name}"),
    "sim.lead": (
        "Atur tuas di panel samping; angka dan grafik dihitung ulang seketika. Pilih provinsi fokus di panel.",
        "Move the levers in the side panel; figures and charts are recomputed at once. Pick the focus province there.",
    ),
    "sim.estimate_warning": (
        "Cakupan provinsi ini adalah estimasi (angka nasional), bukan data provinsi. Unggah data resmi "
        "di halaman Data.",
        "This province's coverage is an estimate (the national figure), not provincial data. Upload official data "
        "on the Data page.",
    ),
    "sim.year_reached": ("Target tercapai", "Target reached"),
    "sim.baseline_was": ("dasar: {value}", "baseline: {value}"),
    "sim.already_short": ("Sudah", "Already"),
    "sim.never_short": ("> 2045", "> 2045"),
    "sim.compare_placeholder": ("Pilih hingga 3 provinsi", "Choose up to 3 provinces"),
    "sim.year_reached_help": (
        "Tahun pertama cakupan proyeksi mencapai target {target} (skenario kebijakan).",
        "First year the projected coverage reaches the {target} target (policy scenario).",
    ),
    "sim.rank": ("Peringkat {year}", "Rank {year}"),
    "sim.rank_now": ("dari {rank} kini", "from {rank} now"),
    "sim.rank_help": (
        "Peringkat menurut cakupan di antara {n} wilayah (1 = tertinggi); peringkat kini dari data terakhir.",
        "Rank by coverage among {n} regions (1 = highest); today's rank from the latest data.",
    ),
    "sim.coverage_year": ("Cakupan {year}", "Coverage {year}"),
    "sim.coverage_now_was": ("Cakupan kini {value} (data {date}).", "Coverage now {value} (data {date})."),
    "sim.probability": ("Peluang {year}", "Chance {year}"),
    "sim.probability_help": (
        "Bagian dari {draws} simulasi Monte Carlo yang mencapai target sebelum akhir tahun.",
        "Share of {draws} Monte Carlo draws reaching the target by the end of the year.",
    ),
    "sim.gap_now": ("Pekerja yang masih harus dicakup", "Workers still to cover"),
    "sim.gap_now_help": (
        "Target × potensi pekerja − peserta aktif, kini.",
        "Target × potential workers − participants, now.",
    ),
    "sim.compare_with": ("Bandingkan dengan provinsi lain", "Compare with other provinces"),
    "sim.chart_title": ("Jalur cakupan: dasar dan kebijakan", "Coverage path: baseline and policy"),
    "sim.chart_caption": (
        "Cakupan bulanan sejak data terakhir; garis putus-putus = target; titik = bulan target pertama tercapai.",
        "Monthly coverage from the latest data; dashed line = target; dot = month the target is first reached.",
    ),
    "sim.band_caption": (
        "Pita = rentang P10–P90 skenario kebijakan atas ketidakpastian asumsi.",
        "Band = P10–P90 range of the policy scenario over uncertain assumptions.",
    ),
    "sim.table_title": ("Semua provinsi", "All provinces"),
    "sim.table_caption": (
        "Tahun target tercapai dasar → kebijakan, dan peringkat kini → {year}. ≈ = data estimasi.",
        "Year the target is reached baseline → policy, and rank now → {year}. ≈ = estimated data.",
    ),
    # ranking
    "rank.title": ("Peringkat nasional {year}", "National ranking {year}"),
    "rank.lead": (
        "Semua provinsi menurut cakupan proyeksi Desember {year}, skenario kebijakan dibandingkan skenario dasar.",
        "All provinces by projected coverage in December {year}, policy scenario versus baseline.",
    ),
    "rank.baseline_rank": ("Peringkat dasar {year}", "Baseline rank {year}"),
    "rank.baseline_coverage": ("Cakupan dasar {year}", "Baseline coverage {year}"),
    "rank.vs_baseline": ("Kebijakan vs dasar", "Policy vs baseline"),
    "rank.bump_title": ("Peringkat dari tahun ke tahun", "Ranks year by year"),
    "rank.bump_which": ("Skenario", "Scenario"),
    "rank.bump_caption": (
        "Setiap garis satu provinsi (1 = cakupan tertinggi); provinsi fokus dan pembanding berwarna.",
        "Each line is a province (1 = highest coverage); the focus and compared provinces are coloured.",
    ),
    # profile
    "profile.title": ("Profil: {name}", "Profile: {name}"),
    "profile.lead": (
        "Data per {date} ({status}). Semua angka ke depan adalah proyeksi model.",
        "Data as of {date} ({status}). All future figures are model projections.",
    ),
    "profile.coverage_now": ("Cakupan kini", "Coverage now"),
    "profile.potential": ("Potensi pekerja", "Potential workers"),
    "profile.potential_status": ("Status angka: {status}", "Status of the figure: {status}"),
    "profile.participants": ("Peserta aktif", "Active participants"),
    "profile.gap_now": ("Kekurangan peserta", "Short of target"),
    "profile.gap_now_help": (
        "Pekerja yang masih harus dicakup untuk target {target}: target × potensi pekerja − peserta aktif, kini.",
        "Workers still to cover for the {target} target: target × potential workers − participants, now.",
    ),
    "profile.funded": ("Didanai anggaran", "Budget-funded"),
    "profile.funded_help": (
        "Anggaran ÷ (12 × iuran JKK+JKM per bulan), sebelum batas kelompok rentan.",
        "Budget ÷ (12 × monthly JKK+JKM premium), before the cap of the vulnerable pool.",
    ),
    "profile.spent": ("Belanja iuran {year}", "Premium spending {year}"),
    "profile.spent_help": (
        "Peserta didanai × iuran, dijumlah sepanjang tahun.",
        "Funded members × premium, summed over the year.",
    ),
    "profile.additional": ("Tambahan peserta {year}", "Additional members {year}"),
    "profile.cost_per_worker": ("Biaya per tambahan {year}", "Cost per extra {year}"),
    "profile.cost_per_worker_help": (
        "Belanja iuran tahun itu ÷ tambahan peserta dibanding skenario dasar (semua tuas).",
        "That year's premium spending ÷ additional members versus the baseline (all levers).",
    ),
    "profile.trend": ("Tren dasar yang dipakai", "Baseline trend used"),
    "profile.segments_title": ("Peserta menurut segmen (skenario kebijakan)", "Members by segment (policy scenario)"),
    "profile.segments_caption": (
        "Formal, BPU mandiri dan BPU yang iurannya dibayar APBD/APBDes; garis abu-abu = total skenario dasar.",
        "Formal, self-paying informal and budget-funded informal members; grey line = baseline total.",
    ),
    "profile.probability_title": ("Peluang mencapai target", "Chance of reaching the target"),
    "profile.probability_caption": (
        "Bagian dari {draws} simulasi Monte Carlo yang sudah mencapai target pada akhir tiap tahun.",
        "Share of {draws} Monte Carlo draws at target by the end of each year.",
    ),
    "profile.history_title": ("Riwayat data dan kalibrasi", "Data history and calibration"),
    "profile.history_caption": (
        "{n} angka bertanggal; tren hasil fit {slope} poin/tahun, dipakai {used} poin/tahun (dirapatkan "
        "ke tren nasional).",
        "{n} dated figures; fitted trend {slope} points/year, used {used} points/year (shrunk toward "
        "the national trend).",
    ),
    "profile.col_date": ("Tanggal", "Date"),
    "profile.col_coverage": ("Cakupan", "Coverage"),
    "profile.col_status": ("Status", "Status"),
    "profile.col_source": ("Sumber", "Source"),
    "profile.col_note": ("Catatan", "Note"),
    "profile.provenance": ("Asal-usul data provinsi ini", "Where this province's data comes from"),
    "profile.source": ("Sumber", "Source"),
    "profile.note": ("Catatan dan aturan estimasi", "Notes and estimation rules"),
    # scenarios
    "scen.title": ("Skenario: simpan, bandingkan, bagikan", "Scenarios: save, compare, share"),
    "scen.lead": (
        "Simpan kebijakan yang sedang tampil, bandingkan dengan skenario lain, bagikan tautan, dan unduh hasil.",
        "Save the policy on screen, compare it with others, share a link, and download the results.",
    ),
    "scen.save_title": ("Simpan skenario ini", "Save this scenario"),
    "scen.name": ("Nama skenario", "Scenario name"),
    "scen.name_placeholder": ("mis. Perda + Rp5 miliar", "e.g. Perda + IDR 5 billion"),
    "scen.save": ("Simpan", "Save"),
    "scen.name_missing": ("Beri nama skenario terlebih dahulu.", "Give the scenario a name first."),
    "scen.saved": ("Skenario “{name}” disimpan.", "Scenario “{name}” saved."),
    "scen.compare_title": ("Perbandingan skenario", "Scenario comparison"),
    "scen.compare_caption": (
        "Proyeksi pusat untuk {year}; kolom provinsi untuk {name}.",
        "Central projection for {year}; province columns for {name}.",
    ),
    "scen.current": ("Skenario saat ini", "Current scenario"),
    "scen.col_name": ("Skenario", "Scenario"),
    "scen.col_levers": ("Tuas", "Levers"),
    "scen.col_national": ("Cakupan nasional {year}", "National coverage {year}"),
    "scen.col_at_target": ("Provinsi capai target {year}", "Provinces at target {year}"),
    "scen.col_focus_year": ("{name}: target tercapai", "{name}: target reached"),
    "scen.col_focus_rank": ("{name}: peringkat", "{name}: rank"),
    "scen.col_cost": ("Belanja iuran setahun", "Premium spending a year"),
    "scen.apply": ("Terapkan", "Apply"),
    "scen.delete": ("Hapus", "Delete"),
    "scen.download_json": ("Unduh (JSON)", "Download (JSON)"),
    "scen.none_saved": ("Belum ada skenario tersimpan pada sesi ini.", "No scenario saved in this session yet."),
    "scen.import_title": ("Muat skenario dari berkas", "Load a scenario from a file"),
    "scen.import": ("Berkas skenario (JSON)", "Scenario file (JSON)"),
    "scen.import_failed": (
        "Berkas ini tidak dapat dimuat sebagai skenario; skenario yang tersimpan tidak berubah.",
        "This file cannot be loaded as a scenario; saved scenarios are unchanged.",
    ),
    "scen.imported": ("Skenario “{name}” dimuat.", "Scenario “{name}” loaded."),
    "scen.share_title": ("Bagikan", "Share"),
    "scen.share_caption": (
        "Tautan ini membuka aplikasi dengan kebijakan, provinsi dan pengaturan yang sama.",
        "This link opens the app with the same policy, province and settings.",
    ),
    "scen.qr_caption": ("Pindai untuk membuka di ponsel", "Scan to open on a phone"),
    "scen.export_title": ("Unduh hasil", "Download results"),
    "scen.export_caption": (
        "Hasil per wilayah dengan sumber dan status data; Excel juga memuat tuas, pengaturan dan asumsi.",
        "Results by region with data source and status; Excel also holds the levers, settings and assumptions.",
    ),
    "scen.download_csv": ("Hasil per wilayah (CSV)", "Results by region (CSV)"),
    "scen.download_xlsx": ("Hasil lengkap (Excel)", "Full results (Excel)"),
    "scen.download_current_json": ("Skenario saat ini (JSON)", "Current scenario (JSON)"),
    # assumptions
    "asm.title": ("Asumsi & metodologi", "Assumptions & method"),
    "asm.lead": (
        "Setiap angka yang dipakai model, dengan satuan, rentang wajar dan sumbernya. Nilai dapat diubah oleh ahli; "
        "perubahan ikut menggeser skenario dasar.",
        "Every number the model uses, with its unit, plausible range and source. Experts may change values; a "
        "change moves the baseline too.",
    ),
    "asm.modified": (
        "Skenario dasar dimodifikasi: {n} asumsi berbeda dari nilai bawaan.",
        "Modified baseline: {n} assumptions differ from their defaults.",
    ),
    "asm.reset": ("Kembalikan asumsi bawaan", "Reset assumptions to defaults"),
    "asm.col_label": ("Asumsi", "Assumption"),
    "asm.col_value": ("Nilai", "Value"),
    "asm.col_unit": ("Satuan", "Unit"),
    "asm.col_range": ("Rentang wajar", "Plausible range"),
    "asm.col_status": ("Status", "Status"),
    "asm.col_source": ("Sumber", "Source"),
    "asm.col_note": ("Catatan", "Note"),
    "asm.value_help": ("Klik dua kali untuk mengubah.", "Double-click to change."),
    "asm.invalid": ("Nilai ini tidak dipakai; perbaiki dulu:", "This value is not used; please fix it first:"),
    "asm.bounds": ("Batas yang diizinkan: {bounds}", "Allowed limits: {bounds}"),
    "asm.method_title": ("Cara kerja model", "How the model works"),
    "asm.not_modelled_title": ("Yang tidak dimodelkan", "What is not modelled"),
    "asm.calibration_title": ("Kalibrasi tren dasar", "Calibration of the baseline trend"),
    "asm.calibration_caption": (
        "Kemiringan kuadrat terkecil dari angka bertanggal tiap provinsi, bobotnya, dan tren yang "
        "dipakai (poin/tahun).",
        "Least-squares slope of each province's dated figures, its weight, and the trend used (points/year).",
    ),
    "asm.col_points": ("Angka bertanggal", "Dated figures"),
    "asm.col_span": ("Rentang (tahun)", "Span (years)"),
    "asm.col_fit": ("Tren hasil fit", "Fitted trend"),
    "asm.col_used": ("Tren dipakai", "Trend used"),
    "asm.col_rmse": ("RMSE (poin)", "RMSE (points)"),
    "method.body": (
        """
**Cakupan UCJ** = peserta aktif BPJS Ketenagakerjaan ÷ potensi pekerja (bukan penduduk bekerja BPS). Model
menghitung tiap bulan sampai 2045, per wilayah, tiga kelompok peserta: **formal** (Penerima Upah, termasuk
non-ASN dan aparatur desa), **BPU mandiri** (pekerja informal yang membayar sendiri, bisa berhenti membayar) dan
**BPU yang iurannya dibayar APBD/APBDes**. Potensi pekerja tumbuh mengikuti pertumbuhan penduduk.

- **Skenario dasar** melanjutkan tren terakhir tiap provinsi (dari angka bertanggalnya, dirapatkan ke tren
  nasional bila datanya sedikit) dan melambat ketika tiap kelompok mendekati tingkat yang dapat dipertahankan.
- **Regulasi** (tingkat 0–3) menaikkan batas atas kepesertaan formal dan mempercepat pendaftaran: 1 Pergub/Surat
  Edaran; 2 Perda yang mewajibkan non-ASN dan aparatur desa; 3 Perda ditambah syarat perizinan usaha dan layanan
  publik serta sanksi.
- **Anggaran** (Rp miliar per tahun) membayar iuran JKK+JKM Rp16.800 per pekerja per bulan: Rp1 miliar ≈ 4.960
  pekerja. Peserta didanai masuk bertahap, dibatasi jumlah pekerja rentan; sebagian sebelumnya sudah membayar
  sendiri (tidak menambah cakupan). Bila anggaran berhenti, mereka keluar.
- **Sosialisasi & aksesibilitas** (0–100%) menaikkan pendaftaran sukarela pekerja informal dan menekan peserta
  yang berhenti membayar, dengan hasil yang makin menurun.

Empat aspek rekomendasi BSKDN dipetakan ke tuas: **regulasi** → regulasi; **penganggaran** → anggaran;
**aksesibilitas** (titik layanan, kanal pembayaran, agen) → sosialisasi & aksesibilitas; **pengawasan** →
regulasi tingkat 3 (penegakan lewat perizinan dan pemeriksaan).

**Ketidakpastian:** asumsi bertanda “ya” pada kolom ketidakpastian diundi seragam dalam rentang wajarnya
(100 simulasi Latin hypercube, benih tetap); pita P10–P90 dan peluang mencapai target berasal dari undian itu.
""",
        """
**UCJ coverage** = active BPJS Ketenagakerjaan participants ÷ potential workers (not BPS employed population).
The model steps monthly to 2045, per region, through three groups of members: **formal** (wage earners,
including non-ASN staff and village apparatus), **self-paying informal (BPU)**, who may stop paying, and
**informal members whose premiums an APBD/APBDes budget pays**. Potential workers grow with the population.

- The **baseline** continues each province's recent trend (from its dated figures, shrunk toward the national
  trend when it has few) and slows as each group nears the level it can sustain.
- **Regulation** (level 0–3) raises the ceiling of formal enrolment and speeds it up: 1 governor regulation or
  circular; 2 a Perda mandating non-ASN staff and village apparatus; 3 a Perda plus business-licensing and
  public-service conditions with sanctions.
- **Budget** (IDR billion a year) pays the JKK+JKM premium of IDR 16,800 per worker per month: IDR 1 billion ≈
  4,960 workers. Funded members ramp in, capped by the number of vulnerable workers; some were already paying
  themselves (no added coverage). When the budget stops, they leave.
- **Outreach & accessibility** (0–100%) raises voluntary enrolment of informal workers and lowers lapse, with
  diminishing returns.

BSKDN's four aspects of recommendations map onto the levers: **regulation** → regulation; **budgeting** →
budget; **accessibility** (service points, payment channels, agents) → outreach & accessibility; **oversight**
→ regulation level 3 (enforcement through licensing and inspections).

**Uncertainty:** the uncertain assumptions are drawn uniformly over their plausible range (100 Latin hypercube
draws, fixed seed); the P10–P90 bands and the chance of reaching a target come from those draws.
""",
    ),
    "method.not_modelled": (
        """
- Biaya sosialisasi dan biaya menegakkan regulasi (tidak ada angka satuan yang bersumber); hanya iuran yang
  dihitung sebagai belanja.
- Perubahan definisi potensi pekerja antar tahun, kontrak sementara (mis. petugas pemilu) dan guncangan ekonomi.
- Perbedaan antar kabupaten/kota di dalam provinsi (unggah tabel kabupaten/kota untuk itu).
- Besaran efek tiap tuas belum bersumber: nilainya estimasi pemodel dengan rentang, dan dapat diubah di atas.
""",
        """
- The cost of outreach and of enforcing regulation (no sourced unit cost); only premiums count as spending.
- Changes of the potential-worker definition between years, temporary contracts (e.g. election staff) and
  economic shocks.
- Differences between regencies/cities within a province (upload a regency table for that).
- The effect sizes of the levers have no source: they are modeller's estimates with ranges, editable above.
""",
    ),
    # data
    "data.title": ("Data dasar", "Baseline data"),
    "data.lead": (
        "{n} wilayah dari “{origin}”: setiap baris menyebut status (dilaporkan, diturunkan, estimasi) dan sumbernya.",
        "{n} regions from “{origin}”: every row gives its status (reported, derived, estimate) and source.",
    ),
    "data.regions": ("Wilayah", "Regions"),
    "data.estimated": ("Cakupan estimasi", "Coverage estimated"),
    "data.estimated_help": (
        "Tidak ada angka provinsi yang ditemukan: cakupan = angka nasional 35,68% (April 2025), potensi = "
        "penduduk 2024 × 0,3225.",
        "No provincial figure was found: coverage = the national 35.68% (April 2025), potential = 2024 "
        "population × 0.3225.",
    ),
    "data.reported": ("Cakupan dilaporkan/diturunkan", "Coverage reported/derived"),
    "data.only_estimates": ("Tampilkan hanya estimasi", "Show estimates only"),
    "data.col_code": ("Kode", "Code"),
    "data.col_coverage": ("Cakupan", "Coverage"),
    "data.col_participants": ("Peserta aktif", "Active participants"),
    "data.col_potential": ("Potensi pekerja", "Potential workers"),
    "data.col_as_of": ("Per tanggal", "As of"),
    "data.col_status": ("Status cakupan", "Coverage status"),
    "data.col_potential_status": ("Status potensi", "Potential status"),
    "data.col_target": ("Target", "Target"),
    "data.col_source": ("Sumber", "Source"),
    "data.col_note": ("Catatan", "Note"),
    "data.download": ("Unduh tabel (CSV)", "Download table (CSV)"),
    "data.upload_title": ("Pakai tabel resmi sendiri", "Use an official table of your own"),
    "data.upload_caption": (
        "CSV atau Excel, satu baris per wilayah (provinsi atau kabupaten/kota). Kolom wajib: {required}. "
        "Opsional: {optional}. Nama kolom Bahasa (kode, nama, potensi_pekerja, …) juga diterima.",
        "CSV or Excel, one row per region (province or regency/city). Required columns: {required}. "
        "Optional: {optional}. Bahasa column names (kode, nama, potensi_pekerja, …) are accepted too.",
    ),
    "data.template": ("Unduh templat", "Download a template"),
    "data.upload": ("Unggah tabel wilayah", "Upload a regions table"),
    "data.upload_failed": ("“{name}” tidak dipakai karena:", "“{name}” was not used because:"),
    "data.upload_kept": (
        "Data, kebijakan dan skenario tersimpan Anda tidak berubah.",
        "Your data, policy and saved scenarios are unchanged.",
    ),
    "data.upload_ok": ("{n} wilayah dari “{name}” dipakai.", "{n} regions from “{name}” in use."),
    "data.using_upload": ("Sedang memakai tabel unggahan “{name}”.", "Using the uploaded table “{name}”."),
    "data.back_to_baseline": ("Kembali ke data dasar", "Back to the baseline data"),
}


_run_language = threading.local()


def use_language(lang: str) -> None:
    """Remember this script run's language (Streamlit runs each session's script in its own thread), so
    `t()` need not look it up in Session State a hundred times a rerun."""
    _run_language.value = lang


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for `key` in `lang` (default: this run's language), with {placeholders} filled in."""
    if lang is None:
        lang = getattr(_run_language, "value", None)
    if lang is None:
        from .state import current_lang

        lang = current_lang()
    texts = STRINGS[key]
    text = texts[0] if lang == "id" else texts[1]
    return text.format(**params) if params else text
