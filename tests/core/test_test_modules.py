"""pytest imports test modules by their file name (no packages under tests/): two modules of one
name in two folders stop the whole run at collection. Catch that here, naming both files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_name():
    seen = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        if "artifacts" not in path.parts:
            seen[path.name].append(str(path.relative_to(TESTS)))
    assert not {name: paths for name, paths in seen.items() if len(paths) > 1}
