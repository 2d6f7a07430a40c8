"""The pay page and API: sourced figures with sources and years; seed ranges labelled unsourced."""

from seldinger.careers import pay
from seldinger.rules import default_parameters


def test_pay_overview_reads_the_rule_data():
    overview = pay.pay_overview(default_parameters())
    averages = {(item.source, item.data_year): item.amount_usd for item in overview.averages}
    assert averages == {
        ("Doximity", 2020): 485000,
        ("Doximity", 2023): 532000,
        ("Medscape", 2025): 520000,
    }
    percents = {item.label: item.percent for item in overview.differentials}
    # Malhotra et al. 2024 abstract: IR above DR "by 16% in nonacademic and 10% in
    # academic settings"; nonacademic above academic "IR (by 32%)", 2023 data.
    assert percents == {
        "IR compensation above DR, nonacademic settings": 16,
        "IR compensation above DR, academic settings": 10,
        "Nonacademic IR median total compensation above academic IR": 32,
    }
    assert {item.data_year for item in overview.differentials} == {2023}
    assert overview.growth[0].academic_percent_a_year == 3.4
    assert overview.growth[0].nonacademic_percent_a_year == 3.9
    assert [(r.setting, r.low_usd, r.high_usd) for r in overview.seed_ranges] == [
        ("Academic practice", 400000, 500000),
        ("Private practice", 450000, 600000),
        ("Subspecialty focus", 500000, 700000),
    ]
    assert [ref.parameter for ref in overview.sources] == [
        "pay-radiology-average-doximity",
        "pay-radiology-average-doximity",
        "pay-radiology-average-medscape",
        "ir-pay-differentials-mgma",
        "ir-pay-differentials-mgma",
    ]
    assert all(ref.href.startswith("https://") for ref in overview.sources)
    # The seed's ranges are never among the sourced figures' sources.
    assert all(ref.parameter != pay.SEED_RANGES for ref in overview.sources)
    chart = pay.chart_data(overview)
    assert chart["sourced"]["labels"] == ["Doximity 2020", "Doximity 2023", "Medscape 2025"]
    assert chart["unsourced"]["title"].startswith("UNSOURCED")


def test_pay_page_lists_sources_and_labels_seed_ranges_unsourced(client, db):
    response = client.get("/careers/")
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("Doximity", "Medscape", "Malhotra", "2020", "2023", "2025", "$532,000"):
        assert text in content
    assert "https://pubmed.ncbi.nlm.nih.gov/39542198/" in content
    sourced, unsourced = content.split('id="unsourced-pay"', 1)
    assert "$400,000" not in sourced
    assert "Unsourced" in unsourced and "$400,000\u2013$500,000" in unsourced
    assert "unsourced" in unsourced.split("</table>")[0].lower()
    assert 'id="pay-chart-data"' in content and "chart.umd.min.js" in content
    for setting in (
        "Academic practice",
        "Private practice",
        "Hospital-employed",
        "Interventional oncology",
        "Neurointerventional",
        "Pediatric",
    ):
        assert setting in content


def test_pay_api_keeps_seed_ranges_apart(client, db):
    data = client.get("/api/careers/pay").json()
    assert {item["source"] for item in data["sourced_averages"]} == {"Doximity", "Medscape"}
    assert len(data["unsourced_seed_ranges"]) == 3
    assert data["unsourced_note"].startswith("UNSOURCED")
    assert any("Malhotra" in source["title"] for source in data["sources"])


def test_sir_membership_types_are_seed_figures():
    types = {item.key: item for item in pay.membership_types(default_parameters())}
    assert types["medical-student"].annual_dues_usd == 0
    assert types["resident-in-training"].annual_dues_usd == 50
    assert types["fellow-in-training"].rfs_section


def test_pay_page_says_which_setting_each_ir_differential_is_for(client, db):
    content = client.get("/careers/").content.decode()
    table = content.split('id="differentials-table"', 1)[1].split("</table>", 1)[0]
    rows = [row.split("</td>")[:2] for row in table.split("<tr>")[2:]]
    cells = {
        label.replace("<td>", "").strip(): value.replace("<td>", "").strip()
        for label, value in rows
        if value
    }
    assert cells["IR compensation above DR, nonacademic settings"] == "+16%"
    assert cells["IR compensation above DR, academic settings"] == "+10%"
    assert cells["Nonacademic IR median total compensation above academic IR"] == "+32%"
