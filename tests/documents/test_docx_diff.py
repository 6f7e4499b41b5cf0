"""A review shows what changed in Word: with the repository's .gitattributes and the textconv driver
make install sets (scripts/docx2txt.py), `git diff` of a letter template prints the changed
paragraph and table cell as text, not "Binary files differ"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "templates" / "letters" / "fr_ta_oqtf.docx"


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    r = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return r.stdout


def test_git_diff_of_a_changed_docx_prints_the_changed_paragraph_and_cell(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    git(repo, "config", "diff.docx.textconv", f"{sys.executable} {ROOT / 'scripts' / 'docx2txt.py'}")
    letter = repo / "letter.docx"
    doc = Document(str(LETTER))
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Pièce", "Copie de l'arrêté"
    doc.save(str(letter))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")

    doc = Document(str(letter))
    para = next(p for p in doc.paragraphs if p.text.startswith("Je demande l'annulation"))
    old = para.text
    for run in para.runs[1:]:
        run.text = ""
    para.runs[0].text = "Je demande au tribunal d'annuler l'arrêté du {{ f.decision_date }}."
    doc.tables[0].cell(0, 1).text = "Copie de l'arrêté et de l'enveloppe"
    doc.save(str(letter))

    diff = git(repo, "diff")
    assert "Binary files" not in diff
    assert f"-{old}" in diff
    assert "+Je demande au tribunal d'annuler l'arrêté du {{ f.decision_date }}." in diff
    assert "-| Copie de l'arrêté\n" in diff and "+| Copie de l'arrêté et de l'enveloppe" in diff


def test_a_file_that_is_no_docx_is_shown_as_such_not_a_crash(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docx2txt.py"), str(bad)], capture_output=True, text=True
    )
    assert r.returncode == 0 and r.stdout.startswith("[not a readable DOCX"), r.stdout + r.stderr
