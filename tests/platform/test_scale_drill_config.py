"""The scale drill's configuration (scripts/scale_drill.py, make scale-drill): two web servers and a
worker that share the secrets, the database, Redis and the file store, behind a round-robin
balancer with no sticky sessions. Fast: files only, no server started."""

from __future__ import annotations

import importlib.util
import sys

import yaml
from stackctl import ROOT

WEB_PORTS, BALANCER = [18781, 18782], 18780


def _drill():
    spec = importlib.util.spec_from_file_location("parcours_scale_drill", ROOT / "scripts" / "scale_drill.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_two_web_servers_share_secrets_database_redis_and_file_store(tmp_path, monkeypatch):
    drill = _drill()
    monkeypatch.setenv("PARCOURS_VAR", str(tmp_path / "var"))
    s = drill.stack.Settings.from_env()
    s.var.mkdir()
    plan = drill.plan(s, WEB_PORTS, BALANCER)
    secrets, _ = drill.stack.load_secrets(s)

    assert [(w.name, w.port) for w in plan.web] == [("web1", 18781), ("web2", 18782)]
    assert plan.worker.role == "celery"
    # What each server reads is the file written for it.
    configs = [yaml.safe_load(x.config_file.read_text()) for x in plan.servers]
    assert configs == [x.config for x in plan.servers]
    web1, web2, worker = configs

    for cfg in configs:
        assert cfg["secretkey"] == secrets["secretkey"]
        assert cfg["db"]["password"] == secrets["db_password"] and cfg["db"]["port"] == s.pg_port
        assert cfg["redis"] == f"redis://:{secrets['redis_password']}@127.0.0.1:{s.redis_port}"
        assert cfg["rabbitmq"].startswith(cfg["redis"])  # Redis is Celery's broker
        assert cfg["uploads"] == str(s.path("files"))  # one file store
        assert cfg["url root"] == f"http://127.0.0.1:{BALANCER}"
        assert cfg["single server"] is False
    # parcours's own keys and every other shared key: identical on every server.
    local = set(drill.PER_SERVER)
    for key in set(web1) - local:
        assert web1[key] == web2[key] == worker[key], key
    # Logs, run files and homes are each server's own.
    for key in drill.PER_SERVER:
        assert len({cfg[key] for cfg in configs}) == 3, key
    envs = [x.env({"PARCOURS_CELERY_KEY_FILE": "/dev/shm/k"}) for x in plan.servers]
    assert {e["PARCOURS_CELERY_KEY_FILE"] for e in envs} == {"/dev/shm/k"}  # one key seals Celery's messages
    assert [e["CONTAINERROLE"] for e in envs] == ["web", "web", "celery"]
    assert len({e["DA_CONFIG_FILE"] for e in envs}) == 3


def test_the_balancer_is_round_robin_over_both_servers_with_no_sticky_sessions(tmp_path):
    drill = _drill()
    plan = drill.build({"secretkey": "k"}, tmp_path, WEB_PORTS, BALANCER)
    cfg = plan.haproxy_cfg
    assert f"bind 127.0.0.1:{BALANCER}" in cfg
    assert "balance roundrobin" in cfg
    assert "server web1 127.0.0.1:18781 check" in cfg and "server web2 127.0.0.1:18782 check" in cfg
    assert "cookie" not in cfg and "stick" not in cfg and "balance source" not in cfg
    # A POST is never sent twice (it may have been saved); a refused connection goes elsewhere.
    assert "disable-l7-retry unless { method GET HEAD }" in cfg and "option redispatch" in cfg
