"""A letter template broken in Word is reported by `parcours lint` with the paragraph and its text,
never as a silent blank in the letter or a Jinja error about XML lines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from parcours import load_rules
from parcours.cli import main
from parcours.documents.template_check import check_letters, paragraphs

ROOT = Path(__file__).resolve().parents[2]
LETTER = "fr_cnda_appeal"


@pytest.fixture
def templates(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "templates"


def _edit(path: Path, old: str, new: str | None) -> int:
    """Replace *old* by *new* in the first paragraph holding it (None: delete the paragraph), as an
    editor would in Word; returns the paragraph's number as `paragraphs()` counts them."""
    before = paragraphs(path)
    number = next(i for i, text in enumerate(before, 1) if old in text)
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if old in p.text)
    if new is None:
        paragraph._element.getparent().remove(paragraph._element)
    else:
        text = paragraph.text.replace(old, new, 1)
        for run in paragraph.runs[1:]:
            run._element.getparent().remove(run._element)
        paragraph.runs[0].text = text
    document.save(str(path))
    return number


def _facts():
    return {j: set(c.facts) for j, c in load_rules().facts.items()}


def test_every_template_of_the_repository_is_clean_and_really_checked():
    assert check_letters(ROOT / "templates", _facts()) == []
    fields = sum(
        len(re.findall(r"\bf\.\w+", "\n".join(paragraphs(p)))) for p in (ROOT / "templates" / "letters").glob("*.docx")
    )
    assert fields > 100  # the field check has something to look at


def test_a_tag_cut_in_half_names_the_paragraph(templates):
    number = _edit(templates / "letters" / f"{LETTER}.docx", "{{ f.ofpra_number }}", "{{ f.ofpra_number }")
    [problem] = check_letters(templates, _facts())
    assert problem.file.endswith(f"{LETTER}.docx")
    assert f"paragraph {number} «Objet : Recours" in problem.message
    assert "'{{' and '}}' do not pair up" in problem.message


def test_a_missing_endif_is_a_syntax_error_near_its_paragraph(templates):
    path = templates / "letters" / f"{LETTER}.docx"
    _edit(path, "{%p if f.grounds %}", None)
    [problem] = check_letters(templates, _facts())
    assert "paragraph" in problem.message and "endif" in problem.message.lower()
    assert "{%p endif %}" in problem.hint


def test_a_misspelt_field_or_fact_or_variable_is_named_with_a_suggestion(templates):
    path = templates / "letters" / f"{LETTER}.docx"
    field = _edit(path, "{{ f.facts_account }}", "{{ f.facts_acount }} {{ facts.ofpra_decison }}")
    sender = _edit(path, "{{ sender.name }}", "{{ sendr.name }}")
    messages = sorted(p.message for p in check_letters(templates, _facts()))
    assert len(messages) == 3, messages
    assert any(
        m.startswith(f"paragraph {field} ")
        and "f.facts_acount: no such field in fr_cnda_appeal.yaml" in m
        and "did you mean 'facts_account'" in m
        for m in messages
    ), messages
    assert any("facts.ofpra_decison: no such fact" in m and "did you mean 'ofpra_decision'" in m for m in messages)
    assert any(
        m.startswith(f"paragraph {sender} ") and "unknown variable 'sendr'" in m and "did you mean 'sender'" in m
        for m in messages
    ), messages


def test_parcours_lint_fails_on_a_broken_template(templates, capsys):
    shutil.copytree(ROOT / "rules", templates.parent / "rules")
    _edit(templates / "letters" / f"{LETTER}.docx", "{{ f.hearing_language }}", "{{ f.hearing_langage }}")
    assert main(["lint", str(templates.parent / "rules")]) != 0
    out = capsys.readouterr()
    assert "f.hearing_langage: no such field" in out.out + out.err


def test_parcours_lint_refuses_a_letter_field_filled_from_a_fact_no_rule_declares(templates, capsys):
    """A misspelt `fact:` would silently never fill the field: the lint names it and suggests the fact."""
    shutil.copytree(ROOT / "rules", templates.parent / "rules")
    path = templates / "letters" / f"{LETTER}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "fact: ofpra_decision_notification_date" in text
    path.write_text(text.replace("fact: ofpra_decision_notification_date", "fact: ofpra_decison_notification_date"))
    assert main(["lint", str(templates.parent / "rules")]) != 0
    out = capsys.readouterr()
    assert "field notification_date: fact 'ofpra_decison_notification_date' is declared by no rule" in out.out + out.err
    assert "did you mean 'ofpra_decision_notification_date'" in out.out + out.err


def test_parcours_lint_refuses_a_letter_that_declares_its_procedures(templates, capsys):
    """The rules say which procedures use a letter (letters:, once_passed.letters); a letter saying
    it again could drift from them, so the lint names the file and where to write the link."""
    shutil.copytree(ROOT / "rules", templates.parent / "rules")
    path = templates / "letters" / f"{LETTER}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "procedures:\n- fr.cnda_appeal\n", encoding="utf-8")
    assert main(["lint", str(templates.parent / "rules")]) != 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert f"{LETTER}.yaml" in said and "procedures: is not written in a letter" in said
    assert f"list {LETTER} under letters: of the rule" in said


def test_a_letters_procedures_are_read_from_the_rules():
    from parcours.documents.catalogue import letter_procedures

    rules = load_rules()
    assert "fr.cnda_appeal" in letter_procedures("fr_cnda_appeal", rules)
    # Named only by a deadline's once_passed (Dublin: transfer period over, France responsible).
    once = {
        p.id
        for p in rules.procedures.values()
        for v in p.versions
        for d in v.deadlines
        if d.once_passed and "fr_dublin_france_responsible" in d.once_passed.letters
    }
    assert once and once <= set(letter_procedures("fr_dublin_france_responsible", rules))
    assert letter_procedures("fr_sworn_statement", rules) == ()  # a letter no rule names belongs to none
