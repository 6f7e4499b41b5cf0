"""The stack's failure modes: clear one-line errors, and no answer lost when the web server dies."""

from __future__ import annotations

import socket

import pytest
from stackctl import stack

DEMO = "docassemble.parcours:data/questions/demo.yml"


def test_port_in_use_is_named_with_its_fix():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = stack("start", PARCOURS_HTTP_PORT=str(port), PARCOURS_VAR="/tmp/parcours-port-test")
    assert r.returncode == 1
    line = r.stderr.strip()
    assert f"port {port} is already in use" in line
    assert "PARCOURS_HTTP_PORT" in line
    assert "Traceback" not in r.stderr


def test_bad_port_value_is_refused():
    r = stack("start", PARCOURS_PG_PORT="abc", PARCOURS_VAR="/tmp/parcours-port-test")
    assert r.returncode == 1
    assert "PARCOURS_PG_PORT='abc' is not a port number" in r.stderr


@pytest.mark.server
def test_killing_the_web_server_loses_no_saved_answer(da):
    s = da.new_session(DEMO)
    s.set({"first_name": "Hamid", "last_name": "Noori", "birth_date": "1979-09-09"})
    s.set({"street": "1 rue Exemple", "postal_code": "59000", "city": "Lille"})
    r = stack("crash-web")
    assert r.returncode == 0, r.stderr
    q = s.question()
    assert q["id"] == "prefecture_file"
    q = s.set({"prefecture": "nord", "agdref": ""})
    assert q["id"] == "letter_ready"


def free_ports(n: int) -> list[int]:
    """Ports free right now (another test run on this machine may hold the usual ones)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _run_until_ready_then_interrupt(env) -> str:
    import signal
    import subprocess
    import sys
    import time

    from stackctl import ROOT

    p = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "stack.py"), "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = []
    deadline = time.monotonic() + 240
    for line in p.stdout:
        out.append(line)
        if "press Ctrl-C" in line or time.monotonic() > deadline:
            break
    p.send_signal(signal.SIGINT)
    out.append(p.stdout.read())
    assert p.wait(60) == 0, "".join(out)
    return "".join(out)


def test_ctrl_c_stops_everything_and_a_second_run_reuses_the_data(tmp_path):
    import os

    import psutil

    var = tmp_path / "var"
    http, pg, redis = free_ports(3)
    env = {
        **os.environ,
        "PARCOURS_VAR": str(var),
        "PARCOURS_HTTP_PORT": str(http),
        "PARCOURS_PG_PORT": str(pg),
        "PARCOURS_REDIS_PORT": str(redis),
    }
    tmp_path.chmod(0o755)  # the database runs as an unprivileged user and must reach var/
    first = _run_until_ready_then_interrupt(env)
    assert "creating the PostgreSQL cluster" in first and "stopping" in first
    leftovers = [
        p.info["cmdline"]
        for p in psutil.process_iter(["cmdline"])
        if any(
            str(var) in a or a.endswith(f":{http}") or a.endswith(f":{redis}") or a == str(pg)
            for a in (p.info["cmdline"] or [])
        )
    ]
    assert leftovers == []
    second = _run_until_ready_then_interrupt(env)
    assert "creating" not in second, "the second run must reuse the cluster and the tables"
    assert "admin account" not in second
