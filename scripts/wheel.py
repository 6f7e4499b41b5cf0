"""Build the production wheel of parcours, check what it carries, and install it into a fresh venv.

    wheel.py build [OUT]        build dist/parcours-<version>-py3-none-any.whl (what the Dockerfile installs)
    wheel.py venv WHEEL DIR     a fresh venv at DIR with WHEEL installed non-editable

The wheel is built from a copy of the working tree (pyproject.toml, README.md, src/ and the folders
its data/ links to), never in place: setuptools' build/ folder keeps files deleted since the last
build, and colleagues build in the same checkout. The data links are followed, so the wheel carries
real copies of rules/, interviews/, templates/ and translations/ (see parcours.paths).

The fresh venv has no pip and no access to the source tree; it reaches the dependencies already
installed in the checkout's .venv through a path file (only that folder: the checkout's editable
install of parcours is a path file *inside* it, which Python does not read), so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
DATA = "docassemble/parcours/data"
# The repository folders the package serves, and where each is in the wheel.
PACKAGED = {"rules": "rules", "interviews": "questions", "templates": "templates", "translations": "sources"}
NOT_SHIPPED = ("__pycache__", ".pyc", ".pytest_cache")


def _ignore(folder, names):
    return [n for n in names if n in ("__pycache__", ".pytest_cache") or n.endswith(".pyc")]


def build(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parcours-wheel-") as tmp:
        src = Path(tmp) / "parcours"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / "src", src / "src", symlinks=True, ignore=_ignore)
        for folder in PACKAGED:
            shutil.copytree(ROOT / folder, src / folder, symlinks=True, ignore=_ignore)
        for old in out.glob("parcours-*.whl"):
            old.unlink()
        r = subprocess.run(
            [
                str(VENV / "bin" / "python"),
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",  # the venv's setuptools: nothing downloaded
                "--no-index",
                "--quiet",
                "--wheel-dir",
                str(out),
                str(src),
            ],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            raise SystemExit(f"the wheel did not build:\n{r.stdout}{r.stderr}")
    (wheel,) = out.glob("parcours-*.whl")
    return wheel


def tracked(folder: str) -> list[str]:
    """The files of a repository folder that exist (git's list when there is one, else the tree)."""
    r = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", folder], capture_output=True, text=True)
    names = r.stdout.split("\0") if r.returncode == 0 and r.stdout else []
    if not names:
        names = [str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*") if p.is_file()]
    return [
        n
        for n in names
        if n and (ROOT / n).is_file() and not any(x in n for x in NOT_SHIPPED) and not Path(n).name.startswith(".")
    ]


def missing(wheel: Path) -> list[str]:
    """Files the server needs that the wheel does not carry, and files it should not carry."""
    names = set(zipfile.ZipFile(wheel).namelist())
    problems = []
    for folder, packaged in PACKAGED.items():
        for name in tracked(folder):
            inside = f"{DATA}/{packaged}/{name.split('/', 1)[1]}"
            if inside not in names:
                problems.append(f"missing {inside} (from {name})")
    for name in tracked("src"):
        inside = name.split("/", 1)[1]
        if inside not in names:
            problems.append(f"missing {inside}")
    problems += [f"should not ship {n}" for n in sorted(names) if any(x in n for x in NOT_SHIPPED)]
    return problems


def fresh_venv(wheel: Path, target: Path) -> Path:
    """A venv at *target* with *wheel* installed (not editable); the dependencies from .venv."""
    shutil.rmtree(target, ignore_errors=True)
    base = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "import sys; print(sys._base_executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([base, "-m", "venv", "--without-pip", str(target)], check=True)
    py = target / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = sysconfig.get_path("purelib", vars={"base": str(VENV), "platbase": str(VENV)})
    # Appended after the venv's own site-packages: the installed wheel wins over the checkout.
    Path(site, "zz-parcours-dependencies.pth").write_text(deps + "\n")
    subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-compile",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        cwd=tempfile.gettempdir(),
    )
    return target


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "build":
        t0 = time.monotonic()
        wheel = build(Path(argv[2]) if len(argv) > 2 else ROOT / "dist")
        problems = missing(wheel)
        for p in problems:
            print(p, file=sys.stderr)
        size = wheel.stat().st_size
        print(f"{wheel} ({size / 1e6:.1f} MB, {time.monotonic() - t0:.1f} s)")
        return 1 if problems else 0
    if cmd == "venv" and len(argv) == 4:
        print(fresh_venv(Path(argv[2]).resolve(), Path(argv[3]).absolute()))
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    os.umask(0o022)  # the venv and the wheel are code: readable by the service user
    sys.exit(main(sys.argv))
