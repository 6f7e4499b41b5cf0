import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(SRC))

RULES = ROOT / "tests" / "core" / "fixtures" / "rules"  # frozen copy of the example rules


@pytest.fixture(scope="session")
def rules():
    from parcours import load_rules

    return load_rules(RULES)


@pytest.fixture
def one_file_rules(tmp_path):
    """read_rules() of a rules folder holding a single file: ("fr/facts.yaml", text) -> RuleSet."""
    from parcours import read_rules

    def make(relative: str, text: str):
        path = tmp_path / "rules" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return read_rules(tmp_path / "rules")

    return make
