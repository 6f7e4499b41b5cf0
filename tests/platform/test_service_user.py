"""No root at run time: every process the stack started runs as the unprivileged service user.

Started as root (the CI, `make run` on a server), scripts/stack.py runs PostgreSQL, Redis, the
converter, Celery and gunicorn, and every process they fork, as the system user `parcours`; started
by another user, as that user. The kernel's own account (/proc/<pid>/status, the real, effective,
saved and file-system uids) is read for the whole process tree of each service. The data folder's
modes (600 files in 700 folders) are checked in tests/security/test_data_folder_at_rest.py.

When PARCOURS_VENV names the venv of an installed wheel (make test-install), the services must also
run that venv's interpreter, not the checkout's.
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import psutil
import pytest
from stackctl import TEST_ENV

VAR = Path(TEST_ENV["PARCOURS_VAR"])


def _uids(pid: int) -> list[int]:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return [int(x) for x in line.split()[1:]]
    raise AssertionError(f"no Uid line for {pid}")


def _service_processes() -> dict[str, list[psutil.Process]]:
    roots = {p.stem: int(p.read_text()) for p in (VAR / "run").glob("*.pid")}
    pg = VAR.joinpath("postgres").resolve() / "data" / "postmaster.pid"
    roots["postgres"] = int(pg.read_text().split()[0])
    tree = {}
    for name, pid in roots.items():
        top = psutil.Process(pid)
        tree[name] = [top, *top.children(recursive=True)]
    return tree


@pytest.mark.server
def test_every_process_of_the_stack_runs_as_the_service_user(server):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own processes")
    expected = pwd.getpwnam("parcours").pw_uid if os.geteuid() == 0 else os.geteuid()
    tree = _service_processes()
    assert {"web", "celery", "redis", "postgres"} <= set(tree), sorted(tree)
    wrong, seen = [], 0
    for name, procs in tree.items():
        for proc in procs:
            try:
                uids = _uids(proc.pid)
            except FileNotFoundError:  # a short-lived child that ended meanwhile
                continue
            seen += 1
            if set(uids) != {expected}:
                wrong.append(f"{name} pid {proc.pid} {proc.name()}: uids {uids}")
    assert seen >= 6, f"only {seen} processes found: the test would prove little"
    assert not wrong, f"not run as uid {expected}:\n" + "\n".join(wrong)
    if os.geteuid() == 0:
        assert expected != 0
        assert VAR.stat().st_uid == expected and (VAR.stat().st_mode & 0o777) == 0o700


@pytest.mark.server
def test_the_services_run_the_venv_they_were_given(server):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own processes")
    venv = Path(os.environ.get("PARCOURS_VENV") or Path(__file__).resolve().parents[2] / ".venv").absolute()
    tree = _service_processes()
    for name in ("web", "celery"):
        cmdline = tree[name][0].cmdline()
        assert cmdline[0].startswith(str(venv)) or cmdline[0:1] == [str(venv / "bin" / "python")], cmdline
        env = tree[name][0].environ()
        assert "PYTHONPATH" not in env, f"{name} runs with PYTHONPATH={env['PYTHONPATH']}"
