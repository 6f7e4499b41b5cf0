"""Rule files cite public sources only: research-note tags, brief names and citations without a URL
are lint errors (issue 14, item 5). Citations render from their fields."""

import shutil
from pathlib import Path

from parcours.citations import Citation
from parcours.cli import main

RULES = Path(__file__).resolve().parent / "fixtures" / "rules"

PROCEDURE = """kind: procedure
id: fr.sourced
jurisdiction: fr
title: Sourced
version_date: filing_date
reviewed_on: 2026-01-01
criteria:
  - id: c1
    explanation: {fr: "Condition", en: "Condition"}
    citations:
      - article: "{article}"
{url}        note: "{note}"
    status: verified
    expr: "true"
versions:
  - valid_from: 2024-01-01
    valid_until: null
"""


def lint(
    capsys,
    tmp_path,
    article="CESEDA art. L.561-2",
    url="https://ofpra.gouv.fr/reunification-familiale",
    note="probable",
    comment="",
):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    text = (
        PROCEDURE.replace("{article}", article)
        .replace("{note}", note)
        .replace("{url}", f"        url: {url}\n" if url else "")
    )
    (rules / "fr" / "sourced.yaml").write_text(comment + text, encoding="utf-8")
    code = main(["lint", str(rules), "--review-horizon", "100000"])
    return code, capsys.readouterr().out


def test_a_sourced_citation_passes(capsys, tmp_path):
    code, out = lint(capsys, tmp_path)
    assert code == 0, out


def test_a_research_tag_in_an_article_fails(capsys, tmp_path):
    code, out = lint(capsys, tmp_path, article="CESEDA art. L.561-2 1° and 2° [S11][S13]")
    assert code == 1
    assert "sourced.yaml:11: reference to a research note '[S11]'" in out
    assert "'[S13]'" in out


def test_a_belgian_tag_or_a_brief_name_in_a_note_or_comment_fails(capsys, tmp_path):
    code, out = lint(
        capsys,
        tmp_path,
        note="clarifications.md §3: eligible until the 19th birthday [B14]",
        comment="# Source summary: france.md A.FR.2\n",
    )
    assert code == 1
    assert "sourced.yaml:1: reference to a research note 'france.md'" in out
    assert "'clarifications.md'" in out and "'[B14]'" in out


def test_a_citation_without_url_fails(capsys, tmp_path):
    code, out = lint(capsys, tmp_path, url=None)
    assert code == 1
    assert "citation 'CESEDA art. L.561-2' has no url" in out


def test_citation_renders_from_its_fields():
    c = Citation(article="CESEDA art. L.436-1", legiarti="LEGIARTI000042776300", text="taxe de première délivrance")
    assert c.href == "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000042776300"
    assert c.markdown() == (
        "[CESEDA art. L.436-1](https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000042776300)"
        " — “taxe de première délivrance”"
    )
    page = Citation(article="CESEDA art. L.561-2", url="https://ofpra.gouv.fr/reunification-familiale")
    assert page.plain() == "CESEDA art. L.561-2 <https://ofpra.gouv.fr/reunification-familiale>"
    assert Citation.from_doc({"article": "A", "url": "https://x.example", "text": "q"}).to_json() == {
        "article": "A",
        "url": "https://x.example",
        "text": "q",
    }


def test_a_tag_written_bare_in_a_sentence_fails_too(capsys, tmp_path):
    code, out = lint(capsys, tmp_path, note="The redevance is not charged: the B14 exemption list names refugees")
    assert code == 1
    assert "reference to a research note 'the B14'" in out
    code, out = lint(capsys, tmp_path / "other", note="Annex B1 of the form, art. S2 of the treaty")  # not a tag
    assert "research note" not in out
