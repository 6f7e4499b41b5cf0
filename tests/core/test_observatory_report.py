"""The observatory's monthly report: its charts draw the table's own figures, which are recomputed
here from the records; a figure under k is never a bar; a row's total beside a hidden month is
masked; the DOCX carries each chart as a picture with its figures as alternative text."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from test_observatory import valid

from parcours import observatory as o
from parcours.observatory import charts, report


def records():
    return (
        [valid(date="2026-09-03", acts=["eviction", "tents_taken"], authorities=["police"]) for _ in range(7)]
        + [valid(date="2026-10-05", acts=["eviction"], authorities=["crs"]) for _ in range(6)]
        + [valid(date="2026-11-02", acts=["eviction", "tear_gas"], authorities=["police"]) for _ in range(2)]
        + [valid(date="2026-11-03", consent="internal", acts=["violence"]) for _ in range(9)]
    )


def by_hand(recs, dimension: str) -> dict[str, set[str]]:
    """The period's testimonies per act / authority / place, counted again from the records."""
    out: dict[str, set[str]] = {}
    for r in recs:
        if r.consent == "internal":
            continue
        codes = {"act": r.acts, "authority": r.authorities, "place": (r.place,)}[dimension]
        for code in codes:
            out.setdefault(code, set()).add(r.id)
    return out


def test_the_charts_figures_are_the_tables_and_the_records():
    recs = records()
    rep = report.monthly_report(recs)
    series = {s.dimension: s for s in report.series(rep)}
    assert set(series) == {"month", "act", "authority", "place"}
    # Per month: the bars are the table's cells, and the records' own count.
    assert [b.cell for b in series["month"].bars] == rep.testimonies
    assert [b.cell.count for b in series["month"].bars] == [7, 6, 2]
    for t in rep.tables:
        bars = series[t.dimension].bars
        assert [b.label for b in bars] == [text for text, _ in t.rows]
        assert [b.cell for b in bars] == t.totals  # the same cells as the table's total column
        expected = by_hand(recs, t.dimension)
        assert sorted(sorted(b.cell.ids) for b in bars) == sorted(sorted(ids) for ids in expected.values())
    acts = {b.label: b.cell for b in series["act"].bars}
    assert acts["Confiscation ou destruction de tentes"].shown() == "7"
    # 7 + 6 + "< 5": published, 15 would give the hidden November away by subtraction.
    assert acts["Expulsion d'un lieu de vie"].count == 15 and acts["Expulsion d'un lieu de vie"].shown() == "masqué"
    assert acts["Usage de gaz lacrymogène"].shown() == "< 5"
    assert "Violences physiques" not in acts  # internal testimonies are never counted
    csv = report.report_csv(rep)
    assert "Total de la période" in csv and ",7,6,< 5,masqué" in csv and ",7,0,0,7" in csv


def test_a_rows_total_is_masked_only_when_its_hidden_months_add_up_to_less_than_k():
    def cell(n: int) -> report.Cell:
        return report.Cell([f"r{i}" for i in range(n)])

    assert report.total([cell(7), cell(2)]).shown() == "masqué"  # 9 - 7 would say 2
    assert report.total([cell(7), cell(2), cell(1)]).shown() == "masqué"  # 10 - 7 would say 3, over two months
    assert report.total([cell(7), cell(3), cell(3)]).shown() == "13"  # 13 - 7 = 6: k or more, over two months
    assert report.total([cell(2), cell(1)]).shown() == "< 5"
    assert report.total([cell(0), cell(6)]).shown() == "6"


def bar_widths(svg: str) -> list[int]:
    return [int(w) for w in re.findall(r'<rect x="250" y="\d+" width="(\d+)"', svg)]


def test_a_figure_under_k_or_a_masked_total_is_never_drawn_as_a_bar():
    rep = report.monthly_report(records())
    series = {s.dimension: s for s in report.series(rep)}
    month = str(charts.bar_chart_svg(series["month"], rep.k))
    assert len(bar_widths(month)) == 2  # September and October; November (2) has no bar
    assert "moins de 5" in month and "novembre 2026" in month and ">2<" not in month
    acts = str(charts.bar_chart_svg(series["act"], rep.k))
    assert len(bar_widths(acts)) == 1 and "masqué (révélerait des mois de moins de 5)" in acts and ">15<" not in acts
    assert "<title>Témoignages par acte constaté, sur toute la période</title>" in acts
    assert "Nombre de témoignages" in acts and "Acte constaté" in acts and "<script" not in acts
    # The longest bar is the largest drawn figure; a shorter one is in proportion.
    assert bar_widths(month)[0] > bar_widths(month)[1]
    assert charts.to_png(month)[:8] == b"\x89PNG\r\n\x1a\n"


def test_labels_from_the_associations_files_are_escaped():
    rep = report.monthly_report(records())
    s = report.series(rep)[1]
    s.bars[0].label = "<script>alert(1)</script>"
    svg = str(charts.bar_chart_svg(s, rep.k))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_docx_holds_each_chart_with_its_figures_as_alternative_text():
    rep = report.monthly_report(records())
    docx = zipfile.ZipFile(io.BytesIO(report.report_docx(rep, "Rapport")))
    pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 4 and all(docx.read(n)[:4] == b"\x89PNG" for n in pictures)
    xml = docx.read("word/document.xml").decode()
    assert "septembre 2026 : 7 ; octobre 2026 : 6 ; novembre 2026 : moins de 5" in xml
    assert "Total de la période" in xml and "masqué" in xml
    assert not any(r.id in xml for r in records())


# ----------------------------------------------------------------------------- a summary that names nobody


@pytest.mark.parametrize(
    ("changes", "source"),
    [
        (
            {"witness_names": "Éloïse Invented-Durand", "summary_fr": "Eloise a vu les CRS emporter les tentes."},
            "witness_names",
        ),
        (
            {"witness_names": "Samira Inventée, une amie", "summary_fr": "Selon SAMIRA, tout a été jeté."},
            "witness_names",
        ),
        ({"witness_names": "يوسف المخترع", "summary_fr": "ويوسف a été gazé à l'aube."}, "witness_names"),
        # A name typed for a witness who then did not accept to be named: not kept, still refused.
        (
            {"witness_named": "no", "witness_names": "Kidane Invented", "summary_fr": "Kidane a perdu sa tente."},
            "witness_names",
        ),
        (
            {
                "consent": "identified_referral",
                "person_name": "Tesfay Invented",
                "person_address": "Calais",
                "summary_fr": "Tesfay a été frappé.",
            },
            "person_name",
        ),
    ],
)
def test_a_summary_naming_someone_the_record_knows_is_refused_naming_the_field(changes, source):
    with pytest.raises(o.ObservatoryError) as refused:
        valid(**changes)
    assert refused.value.field == "summary_fr" and refused.value.params == {"source": source}
    message = refused.value.message("fr")
    assert message.startswith("« Résumé en français » contient un nom écrit dans «")
    words = {"witness_names": "Noms des témoins qui l'acceptent", "person_name": "Nom de la personne"}[source]
    assert words in message
    for typed in (changes.get("witness_names") or "", changes.get("person_name") or ""):
        for part in typed.split():
            assert len(part) < 4 or part not in message  # the name itself is never echoed


@pytest.mark.parametrize(
    "summary",
    ["Appeler le 06 12 34 56 78 pour la suite.", "Contact : +33612345678", "écrire à invented@example.org"],
)
def test_a_summary_with_a_phone_number_or_an_email_is_refused(summary):
    with pytest.raises(o.ObservatoryError) as refused:
        valid(summary_fr=summary)
    assert "numéro de téléphone ou une adresse e-mail" in refused.value.message("fr")


def test_words_beside_names_dates_and_counts_are_not_taken_for_a_name():
    r = valid(
        witness_names="Ahmed Invented, un ami de la famille",
        summary_fr="Le 12.11.2026 vers 06:30, 14 personnes évacuées ; un ami de la famille était témoin.",
    )
    assert r.summary_fr.startswith("Le 12.11.2026")


def test_the_anonymised_annex_never_prints_a_known_name_even_from_an_old_record():
    import dataclasses

    r = valid(witness_names="Mariam Invented")
    old = dataclasses.replace(r, summary_fr="Mariam (06 12 34 56 78) a vu les CRS.")  # saved before the check
    summary = o.anonymised(old)["summary"]
    assert "Mariam" not in summary and "06 12" not in summary and summary == "[…] ([…]) a vu les CRS."


# ----------------------------------------------------------------------------- what a lawyer must check


def test_each_to_verify_mark_of_a_referral_body_says_why_in_french():
    from parcours.observatory import referral

    marks = referral.verify_marks("dd_deontologie")
    assert [m.text.split(" ")[0] for m in marks] == ["article", "adresse"]
    assert all(m.reason and m.source.startswith("https://") for m in marks)
    for m in marks:
        assert "to be" not in m.reason and "cited from" not in m.reason  # the legal team's English stays in the file
    assert "l'alinéa de l'article 5" in marks[0].reason


def test_a_mark_without_a_french_reason_shows_none_and_verified_ones_are_not_marks(tmp_path):
    from parcours.observatory import referral

    folder = tmp_path / "referrals"
    folder.mkdir()
    (folder / "x_body.yaml").write_text(
        "kind: referral\nid: x_body\nlegal_basis:\n"
        "  - {text: 'article 1', status: to_verify, reason: 'English only'}\n"
        "  - {text: 'article 2', status: verified}\n",
        encoding="utf-8",
    )
    assert referral.verify_marks("x_body", tmp_path) == [referral.VerifyMark("article 1", "", "")]


def test_a_place_hidden_in_a_month_masks_the_next_smallest_so_the_months_total_gives_nothing_away():
    recs = (
        [valid(date="2026-10-05", place="calais_marck") for _ in range(9)]
        + [valid(date="2026-10-06", place="grande_synthe_puythouck") for _ in range(6)]
        + [valid(date="2026-10-07", place="calais_hospital_camp") for _ in range(2)]
    )
    rep = report.monthly_report(recs)
    places = next(t for t in rep.tables if t.dimension == "place")
    shown = {text: cells[0].shown() for text, cells in places.rows}
    assert rep.testimonies[0].shown() == "17"
    # 17 - 9 - 6 would say the hospital's 2: the smallest other place (6) is masked as well.
    assert sorted(shown.values()) == ["9", "< 5", "masqué"]
    hidden = [cells[0].count for _, cells in places.rows if cells[0].hidden()]
    assert sum(hidden) >= rep.k
    # The period's totals of the places follow the same rule against the period's total.
    assert sorted(c.shown() for c in places.totals) == ["9", "< 5", "masqué"]
