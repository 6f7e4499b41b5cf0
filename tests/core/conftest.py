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
