"""Each file in broken/cases is a deliberately broken rule file that must give a precise message.

The first two lines of each file state the expected message fragment and line:
    # expect: <fragment of the message>
    # line: <line number>
"""

import re
import shutil
from pathlib import Path

import pytest

from parcours.loader import read_rules

HERE = Path(__file__).parent / "broken"
CASES = sorted((HERE / "cases").glob("*.yaml"))


def _expected(path: Path):
    head = path.read_text(encoding="utf-8").splitlines()[:2]
    message = re.match(r"# expect: (.*)", head[0]).group(1)
    line = int(re.match(r"# line: (\d+)", head[1]).group(1))
    return message, line


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_file_gives_precise_error(case, tmp_path):
    shutil.copytree(HERE / "base", tmp_path / "rules")
    target = tmp_path / "rules" / "fr" / case.name
    shutil.copy(case, target)
    rules = read_rules(tmp_path / "rules")
    errors = [d for d in rules.errors if Path(d.file).name == case.name]
    message, line = _expected(case)
    assert errors, f"no error reported for {case.name}"
    formatted = [d.format() for d in errors]
    matching = [d for d in errors if message in d.format()]
    assert matching, f"expected {message!r} in {formatted}"
    assert matching[0].line == line, f"expected line {line}, got {matching[0].line}: {formatted}"


def test_base_rules_are_clean(tmp_path):
    shutil.copytree(HERE / "base", tmp_path / "rules")
    assert read_rules(tmp_path / "rules").errors == []


def test_every_case_is_a_distinct_problem():
    messages = [_expected(c)[0] for c in CASES]
    assert len(set(messages)) == len(messages)
    assert len(CASES) >= 15
