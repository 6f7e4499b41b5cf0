"""The production install: the wheel carries everything the server needs, and works without the source tree.

The wheel is built as the Dockerfile gets it (scripts/wheel.py build), installed non-editable into a
fresh venv that sees the dependencies but not the checkout, and used from a folder outside the
checkout: the rules load, and the templates, translations, interviews, static files and deployment
settings are found inside the installed package. The server run from that install (story tables and
a browser journey) is `make test-install` (scripts/test_install.sh).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("parcours_wheel", ROOT / "scripts" / "wheel.py")
wheel_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wheel_script)

CHECK = r"""
import json, sys
import parcours, docassemble.parcours
from parcours import load_rules
from parcours.paths import data_root, default_rules_dir, translations_root, interviews_root, static_root
from parcours.documents.paths import templates_dir
from parcours import languages
from parcours.i18n import library_path
from docassemble.parcours import deploy

rules = load_rules()
settings = deploy.settings()
package_file = lambda ref: (data_root() / ref.split(":data/", 1)[1]) if ref.startswith("docassemble.parcours:") else None
print(json.dumps({
    "modules": [parcours.__file__, docassemble.parcours.__file__],
    "data_root": str(data_root()),
    "rules": str(default_rules_dir()),
    "procedures": sorted(rules.procedures),
    "templates": str(templates_dir()),
    "letters": sorted(p.name for p in (templates_dir() / "letters").glob("*.yaml")),
    "translations": str(translations_root()),
    "languages": [lang.code for lang in languages.languages()],
    "library": str(library_path()),
    "interviews": sorted(p.name for p in interviews_root().glob("*.yml")),
    "static": sorted(p.name for p in (static_root() / "fonts").glob("*.woff2")),
    "served_files_missing": [
        ref for ref in list(settings["dispatch"].values()) + settings["words"]
        if package_file(ref) is not None and not package_file(ref).is_file()
    ],
    "words": len(settings["words"]),
    "roles": sorted(deploy.ROLES),
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("production-install")
    wheel = wheel_script.build(work / "dist")
    venv = wheel_script.fresh_venv(wheel, work / "venv")
    return wheel, venv, work


def test_the_wheel_carries_every_file_the_server_needs(installed):
    wheel, _, _ = installed
    assert wheel_script.missing(wheel) == []
    # A budget, not a target: the data folders are about 6 MB on disk; a doubling says something leaked in.
    assert wheel.stat().st_size < 6_000_000, f"{wheel.stat().st_size} bytes"


def test_the_installed_package_works_without_the_source_tree(installed):
    from parcours import languages, load_rules

    _, venv, work = installed
    outside = work / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_") and k != "PYTHONPATH"}
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-c", CHECK], cwd=outside, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(r.stdout)
    site = str(venv.resolve())
    for key in ("modules",):
        assert all(path.startswith(site) for path in got[key]), got[key]
    for key in ("data_root", "rules", "templates", "translations", "library"):
        assert got[key].startswith(site), f"{key}: {got[key]} is not in the installed package"
    assert got["procedures"] == sorted(load_rules(ROOT / "rules").procedures)
    assert got["letters"] == sorted(p.name for p in (ROOT / "templates" / "letters").glob("*.yaml"))
    assert got["languages"] == [lang.code for lang in languages.languages()]
    assert got["interviews"] == sorted(p.name for p in (ROOT / "interviews").glob("*.yml"))
    assert len(got["static"]) >= 4 and got["served_files_missing"] == []
    assert got["words"] == 1 + len(list((ROOT / "translations" / "words").glob("*-words.yml")))
    assert got["roles"] == sorted(
        [
            "coordinator",
            "legal_team",
            "observatory_coordinator",
            "observer",
            "outreach",
            "outreach_coordinator",
            "volunteer",
        ]
    )


def test_a_legal_team_working_copy_overrides_the_packaged_rules(installed, tmp_path):
    import shutil

    _, venv, _ = installed
    shutil.copytree(ROOT / "tests" / "core" / "fixtures" / "rules", tmp_path / "rules")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PARCOURS_RULES_DIR"] = str(tmp_path / "rules")
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from parcours import load_rules; print(sorted(load_rules().procedures))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == str(sorted(load_rules_of(tmp_path / "rules")))


def load_rules_of(path):
    from parcours import load_rules

    return load_rules(path).procedures
