"""The stack's failure modes: clear one-line errors, and no answer lost when the web server dies."""
from __future__ import annotations

import socket

import pytest

from conftest import stack

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
