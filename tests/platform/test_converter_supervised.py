"""The stack's warm converter: started on loopback with its port in the services' environment,
started again by the supervisor of `make run` when it dies, and stopped with its LibreOffice by
`make stop` (nothing left running)."""

from __future__ import annotations

import os
import signal
import sys
import time
import xmlrpc.client
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import stack  # noqa: E402


def _answers(address: str, timeout: float = 90) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            return xmlrpc.client.ServerProxy(f"http://{address}").info()["api"] == "3"
        except OSError:
            time.sleep(0.3)
    return False


def _group_alive(pgid: int, within: float = 10) -> bool:
    """True while a process of the group is still there *within* seconds (SIGKILL is asynchronous)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.2)
    return True


def test_the_converter_is_restarted_when_it_dies_and_stopped_with_the_stack(tmp_path, monkeypatch):
    monkeypatch.setenv("PARCOURS_VAR", str(tmp_path / "var"))
    monkeypatch.delenv("PARCOURS_CONVERT_PORT", raising=False)
    monkeypatch.setattr(stack, "postgres_alive", lambda s: True)  # only the converter is under test
    settings = stack.Settings.from_env()
    for d in ("log", "run", "home", "tmp"):
        settings.path(d).mkdir(parents=True, exist_ok=True)
    if stack.service_user():
        stack.make_private(settings.var)
        stack.open_for_traversal([settings.var])
    s = stack.Stack(settings)
    s.start_converter()
    address = s.env["PARCOURS_CONVERTER"]
    assert address == f"127.0.0.1:{settings.convert_port}"
    first = s.procs["converter"].pid
    try:
        assert _answers(address)
        os.killpg(first, signal.SIGKILL)  # LibreOffice and unoserver die together
        s.procs["converter"].wait(10)
        s.supervise()
        second = s.procs["converter"].pid
        assert second != first and _answers(address), "the supervisor did not bring the converter back"
    finally:
        s.stop()
    assert not _group_alive(s.procs["converter"].pid), "LibreOffice outlived the stack"


@pytest.mark.parametrize("value", ["abc", "70000"])
def test_a_converter_port_that_is_no_port_is_refused_by_name(value, monkeypatch):
    monkeypatch.setenv("PARCOURS_CONVERT_PORT", value)
    with pytest.raises(stack.StackError, match="PARCOURS_CONVERT_PORT"):
        stack.Settings.from_env()


def test_a_converter_port_already_in_use_is_named_before_anything_starts(monkeypatch):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setenv("PARCOURS_CONVERT_PORT", str(busy.getsockname()[1]))
        for name in ("PARCOURS_HTTP_PORT", "PARCOURS_PG_PORT", "PARCOURS_REDIS_PORT"):
            monkeypatch.setenv(name, str(stack.free_port()))  # only the converter's port is taken
        with pytest.raises(stack.StackError, match="set PARCOURS_CONVERT_PORT to a free port"):
            stack.check_ports(stack.Settings.from_env())
