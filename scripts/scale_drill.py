"""The multi-server drill (make scale-drill): docassemble's own multi-server setup, run on this machine.

One PostgreSQL, one Redis, one shared file store (docassemble's `uploads` folder, the same folder for
every server here; NFS or docassemble's `s3` storage across machines), two web servers (gunicorn on two
loopback ports, each with its own config.yml, logs and home, all sharing the same secrets, database,
Redis and file store) and one Celery worker, behind HAProxy (Debian) in round robin with no sticky
sessions. It proves and prints:

1. a guide interview walked through the balancer, its requests alternating between the two servers,
   keeps every answer at every step (read back from the other server);
2. a web server killed (kill -9) under a small load loses no answer the client got a 200 for; the
   failed requests are counted with their cause;
3. documents assembled by the Celery worker download, byte for byte the same, from either server.

    scale_drill.py          start everything, run the three checks, print the figures, stop everything
    scale_drill.py start    start the servers and leave them running (for a look by hand)
    scale_drill.py stop     stop what `start` started

Ports and data folder: PARCOURS_VAR (default var/scale-drill), PARCOURS_PG_PORT (56139),
PARCOURS_REDIS_PORT (64599), PARCOURS_SCALE_WEB_PORTS (18781,18782), PARCOURS_SCALE_BALANCER_PORT
(18780). Load: PARCOURS_SCALE_USERS (6) clients for PARCOURS_SCALE_SECONDS (36) seconds.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402  (scripts/stack.py: PostgreSQL, Redis, the converter, Celery, gunicorn)
from stack import ROOT, StackError, say  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "support"))

DEFAULTS = {
    "PARCOURS_VAR": str(ROOT / "var" / "scale-drill"),
    "PARCOURS_PG_PORT": "56139",
    "PARCOURS_REDIS_PORT": "64599",
    "PARCOURS_SCALE_WEB_PORTS": "18781,18782",
    "PARCOURS_SCALE_BALANCER_PORT": "18780",
    # Spare the two shared cores: one gunicorn worker (4 threads) per web server.
    "PARCOURS_WEB_WORKERS": "1",
}
# What every server of a multi-server docassemble must hold identically: the key that encrypts the
# sessions' answers and signs cookies, the database, Redis (sessions, locks, API keys), the Celery
# broker, the file store, and parcours's own keys.
SHARED = ("secretkey", "db", "redis", "rabbitmq", "uploads", "url root", "single server")
# What belongs to each server: its logs, the file docassemble touches to reload it, its home.
PER_SERVER = ("log", "flask log", "celery flask log", "ready file", "webapp", "pypirc path", "libreoffice macro file")
GUIDE = "docassemble.parcours:data/questions/guide.yml"
STORIES = ROOT / "tests" / "interviews" / "stories"


@dataclass
class Server:
    name: str  # web1, web2, worker
    role: str  # docassemble's CONTAINERROLE: web or celery
    port: int  # 0 for the worker
    config: dict
    folder: Path  # its own logs, run files, home and temporary files

    @property
    def config_file(self) -> Path:
        return self.folder / "config.yml"

    def env(self, base: dict) -> dict:
        return dict(
            base,
            DA_CONFIG_FILE=str(self.config_file),
            CONTAINERROLE=self.role,
            HOME=str(self.folder / "home"),
            TMPDIR=str(self.folder / "tmp"),
            # The click that asks for the documents shows the waiting screen at once: the drill's
            # check then sees them made by the worker and collected through either web server.
            PARCOURS_PAPERWORK_WAIT="0",
        )


@dataclass
class Plan:
    servers: list[Server]
    balancer_port: int
    haproxy_cfg: str

    @property
    def web(self) -> list[Server]:
        return [x for x in self.servers if x.role == "web"]

    @property
    def worker(self) -> Server:
        return next(x for x in self.servers if x.role == "celery")


def settings_from_env() -> tuple[stack.Settings, list[int], int]:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    web_ports = [int(p) for p in os.environ["PARCOURS_SCALE_WEB_PORTS"].split(",")]
    balancer = int(os.environ["PARCOURS_SCALE_BALANCER_PORT"])
    os.environ["PARCOURS_HTTP_PORT"] = str(web_ports[0])  # the stack's own port check covers the first
    return stack.Settings.from_env(), web_ports, balancer


def build(base: dict, var: Path, web_ports: list[int], balancer_port: int) -> Plan:
    """The configuration of every server from the one config.yml scripts/stack.py writes: shared keys
    as they are, local paths moved into each server's folder, the balancer as `url root`."""
    servers = []
    for name, role, port in [*((f"web{i}", "web", p) for i, p in enumerate(web_ports, 1)), ("worker", "celery", 0)]:
        folder = var / "servers" / name
        cfg = copy.deepcopy(base)
        cfg["url root"] = f"http://127.0.0.1:{balancer_port}"
        # docassemble's own switch: no server assumes it is the only one (package installs, restarts).
        cfg["single server"] = False
        cfg["log"] = str(folder / "log")
        cfg["flask log"] = str(folder / "log" / "flask.log")
        cfg["celery flask log"] = str(folder / "log" / "celery-flask.log")
        cfg["ready file"] = str(folder / "run" / "ready")
        cfg["webapp"] = str(folder / "run" / "docassemble.wsgi")
        cfg["pypirc path"] = str(folder / "home" / ".pypirc")
        cfg["libreoffice macro file"] = str(
            folder / "home" / ".config" / "libreoffice" / "4" / "user" / "basic" / "Standard" / "Module1.xba"
        )
        servers.append(Server(name, role, port, cfg, folder))
    webs = [x for x in servers if x.role == "web"]
    return Plan(servers, balancer_port, haproxy_config(webs, balancer_port, var / "run" / "haproxy.sock"))


def haproxy_config(webs: list[Server], port: int, stats_socket: Path) -> str:
    lines = [
        "global",
        "    log stdout format raw local0 info",
        f"    stats socket {stats_socket} mode 600 level user",
        "    maxconn 512",
        "",
        "defaults",
        "    mode http",
        "    log global",
        "    option httplog",
        "    timeout connect 2s",
        "    timeout client 120s",
        "    timeout server 120s",
        # A request that could not reach a server (refused: it was killed) goes to another one; a
        # GET that got no answer too. A POST whose server died while answering is never sent twice
        # (it may have been saved): the client gets a 502 and asks the question again.
        "    retries 3",
        "    option redispatch 1",
        "    retry-on conn-failure empty-response response-timeout",
        "",
        "frontend parcours",
        f"    bind 127.0.0.1:{port}",
        "    option forwardfor",
        "    http-request set-header X-Real-Ip %[src]",
        "    default_backend docassemble",
        "",
        "backend docassemble",
        # Round robin, no cookie and no stick table: sticky sessions are off.
        "    balance roundrobin",
        "    option httpchk GET /health_check",
        "    http-check expect status 200",
        "    http-request disable-l7-retry unless { method GET HEAD }",
        "    http-response set-header X-Parcours-Server %[srv_name]",
        "    default-server inter 1s fall 2 rise 2",
        *(f"    server {w.name} 127.0.0.1:{w.port} check" for w in webs),
        "",
    ]
    return "\n".join(lines)


def plan(s: stack.Settings, web_ports: list[int], balancer_port: int) -> Plan:
    """Secrets and the base config.yml of the data folder (made once), then every server's files."""
    import yaml  # from the venv

    sec, _ = stack.load_secrets(s)
    base = yaml.safe_load(stack.write_config(s, sec).read_text())
    p = build(base, s.var, web_ports, balancer_port)
    for server in p.servers:
        for d in ("log", "run", "home", "tmp"):
            (server.folder / d).mkdir(parents=True, exist_ok=True)
        (server.folder / "run" / "docassemble.wsgi").touch()
        stack.private_file(server.config_file, yaml.safe_dump(server.config, sort_keys=False, allow_unicode=True))
    stack.private_file(s.path("config", "haproxy.cfg"), p.haproxy_cfg)
    return p


class DrillStack(stack.Stack):
    """scripts/stack.py's stack with two web servers, a worker of its own and the balancer."""

    def __init__(self, s: stack.Settings, web_ports: list[int], balancer_port: int):
        super().__init__(s)
        self.web_ports, self.balancer_port = web_ports, balancer_port
        self.plan: Plan | None = None

    def start(self) -> float:
        for port in [*self.web_ports[1:], self.balancer_port]:
            if not stack.port_free("127.0.0.1", port):
                raise StackError(f"port {port} is already in use: stop what uses it (scale_drill.py stop?)")
        return super().start()

    def start_celery(self) -> None:  # runs after the tables exist, before the web servers
        self.plan = plan(self.s, self.web_ports, self.balancer_port)
        stack.make_private(self.s.var)  # the servers' new folders belong to the service user too
        w = self.plan.worker
        self.spawn("celery", stack.celery_command(w.folder / "run" / "celerybeat-schedule"), env=w.env(self.env))

    def start_web(self) -> None:
        for w in self.plan.web:
            self.start_one_web(w, wait=False)
        for w in self.plan.web:
            stack.wait_http(f"http://127.0.0.1:{w.port}/health_check", 180, self.procs[w.name])
        self.spawn("balancer", ["haproxy", "-db", "-f", str(self.s.path("config", "haproxy.cfg"))])
        stack.wait_port(self.balancer_port, "HAProxy", 20)
        wait_backends_up(self.s, len(self.plan.web), 30)

    def start_one_web(self, w: Server, wait: bool = True) -> None:
        s = self.s
        proc = self.spawn(
            w.name,
            stack.gunicorn_command(s, "127.0.0.1", w.port),
            env=w.env(self.env),
        )
        if wait:
            stack.wait_http(f"http://127.0.0.1:{w.port}/health_check", 180, proc)

    def kill(self, name: str) -> None:
        """kill -9 a server's whole process group (gunicorn's master and workers) at once."""
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()


def stop_from_pidfiles(s: stack.Settings, web_ports: list[int]) -> None:
    for name in ("balancer", *(f"web{i}" for i in range(1, len(web_ports) + 1))):
        stack.kill_from_pidfile(s, name)
    for port in web_ports:
        stack.wait_port_closed(port, 15)
    stack.stop_from_pidfiles(s)


def haproxy_stats(s: stack.Settings) -> dict[str, dict]:
    """HAProxy's counters per server (show stat on its stats socket)."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(s.path("run", "haproxy.sock")))
        sock.sendall(b"show stat\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    lines = data.decode().strip().splitlines()
    head = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(head, line.split(","))) for line in lines[1:]]
    return {r["svname"]: r for r in rows if r["pxname"] == "docassemble"}


def wait_backends_up(s: stack.Settings, count: int, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            up = [n for n, r in haproxy_stats(s).items() if n.startswith("web") and r["status"] == "UP"]
        except OSError:
            up = []
        if len(up) >= count:
            return
        time.sleep(0.3)
    raise StackError(f"HAProxy does not see {count} web servers up within {timeout:.0f} s (see log/balancer.log)")


# ----------------------------------------------------------------------------- the client


@dataclass
class Call:
    method: str
    path: str
    seconds: float
    server: str  # which web server answered (HAProxy's X-Parcours-Server), or "direct"
    status: int  # 0: no HTTP answer at all
    error: str = ""


@dataclass
class Record:
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)


def drill_client(base_url: str, api_key: str, record: Record):
    from daclient import APIError, DAClient

    class DrillClient(DAClient):
        """DAClient that notes, for each request, its time, status and the server that answered."""

        def _open(self, req) -> bytes:
            path = req.full_url[len(self.base_url) :].split("?")[0]
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    body = r.read()
                    server = r.headers.get("X-Parcours-Server", "direct")
            except urllib.error.HTTPError as e:
                detail = e.read()[:300]
                record.add(
                    Call(req.get_method(), path, time.perf_counter() - t, "?", e.code, detail.decode("utf8", "replace"))
                )
                raise APIError(f"{req.get_method()} {path} -> {e.code}: {detail!r}") from None
            except OSError as e:
                record.add(
                    Call(req.get_method(), path, time.perf_counter() - t, "?", 0, type(e).__name__ + ": " + str(e))
                )
                raise APIError(f"{req.get_method()} {path} -> no answer: {e}") from None
            record.add(Call(req.get_method(), path, time.perf_counter() - t, server, 200))
            return body

    return DrillClient(base_url, api_key)


VARIABLE = re.compile(r"^(\w+)((?:\[['\"][^'\"]+['\"]\])*)$")


def lookup(variables: dict, name: str):
    """The value of `a['b']['c']` in the interview's variables (GET /api/session); KeyError if unset."""
    m = VARIABLE.match(name)
    if not m:
        raise KeyError(name)
    value = variables[m.group(1)]
    for key in re.findall(r"\[['\"]([^'\"]+)['\"]\]", m.group(2)):
        if isinstance(value, dict) and "elements" in value and key not in value:  # a DADict
            value = value["elements"]
        value = value[key]
    return value


def kept(variables: dict, name: str, answer) -> bool:
    """Is *answer* saved under *name*? Text and numbers compare as text, dates on their ISO day,
    checkboxes choice by choice."""
    try:
        value = lookup(variables, name)
    except (KeyError, TypeError, IndexError):
        return False
    if isinstance(answer, dict):  # checkboxes: {choice: true}
        elements = value.get("elements", value) if isinstance(value, dict) else {}
        return all(bool(elements.get(k)) == bool(v) for k, v in answer.items())
    value, answer = str(value).strip(), str(answer).strip()
    return value == answer or value.startswith(answer + "T")  # a date comes back as an ISO date-time


def answers_for(q: dict, answers: dict) -> dict:
    """What the story answers on screen *q* (the story runner's rule: by variable name or fact id)."""
    from daclient import story_key

    wanted = {
        f["variable_name"]: story_key(f["variable_name"], answers)
        for f in q.get("fields", [])
        if f.get("variable_name")
    }
    for v in q.get("event_list", []):
        if v in answers and v not in wanted:
            wanted[v] = v
    return {v: answers[k] for v, k in wanted.items() if k is not None}


def load_story(name: str, index: int = 0) -> tuple[str, dict]:
    import yaml

    doc = yaml.safe_load((STORIES / name).read_text())
    return doc["interview"], doc["stories"][index]


# ----------------------------------------------------------------------------- the three checks


def check_sessions_move(base_url: str, key: str) -> dict:
    """1. A guide walked through the balancer; after each answer, every answer so far is read back."""
    record = Record()
    da = drill_client(base_url, key, record)
    interview, story = load_story("guide_fr.yml")
    session = da.new_session(interview)
    q = session.question()
    given: dict = {}
    steps, lost = 0, []
    for _ in range(40):
        screen = q.get("id") or q.get("questionName")
        if screen == story["expect"]["screen"]:
            break
        answer = answers_for(q, story["answers"])
        if not answer:
            raise StackError(f"the guide story has no answer for screen {screen!r}")
        q = session.set(answer)
        steps += 1
        given.update(answer)
        variables = da.get("/api/session", session._ids())  # the next request: the other server
        lost += [name for name, value in given.items() if not kept(variables, name, value)]
    else:
        raise StackError(f"the guide did not reach {story['expect']['screen']!r}")
    if kept(variables, "fact_answers['never_asked']", "unknown"):  # the check itself can fail
        raise StackError("the read-back check accepts an answer never given")
    text = q.get("subquestionText") or ""
    missing_text = [t for t in story["expect"].get("result_text", []) if t not in text]
    servers = [c.server for c in record.calls]
    switches = sum(1 for a, b in zip(servers, servers[1:]) if a != b)
    return {
        "steps": steps,
        "requests": len(servers),
        "by_server": {n: servers.count(n) for n in sorted(set(servers))},
        "switches": switches,
        "answers_checked": len(given),
        "lost": sorted(set(lost)),
        "result_missing": missing_text,
    }


def walk(da, interview: str, story: dict, stop: threading.Event, confirmed: dict) -> None:
    """One simulated person: a session, one screen after another; a failed request is counted and
    the question asked again, as a person would press again."""
    from daclient import APIError

    try:
        session = da.new_session(interview)
    except APIError:
        return
    confirmed[session.session] = (session, {})
    q = None
    for _ in range(60):
        if stop.is_set():
            return
        try:
            if q is None:
                q = session.question()
            screen = q.get("id") or q.get("questionName")
            if screen == story["expect"]["screen"]:
                return
            answer = answers_for(q, story["answers"])
            if not answer:
                return
            q = session.set(answer)
            confirmed[session.session][1].update(answer)  # a 200: the server says it is saved
        except APIError:
            q = None
            time.sleep(0.3)
        time.sleep(0.2)  # a short think time


def check_kill_under_load(stk: DrillStack, base_url: str, key: str, users: int, seconds: float) -> dict:
    """2. `users` clients walk guide stories through the balancer; web1 is killed with -9 at a third
    of the run and started again; every answer confirmed with a 200 must be there afterwards."""
    record = Record()
    da = drill_client(base_url, key, record)
    doc_interview, _ = load_story("guide_fr.yml")
    import yaml

    stories = yaml.safe_load((STORIES / "guide_fr.yml").read_text())["stories"]
    stop = threading.Event()
    confirmed: dict = {}

    def person(i: int) -> None:
        n = i
        while not stop.is_set():
            walk(da, doc_interview, stories[n % len(stories)], stop, confirmed)
            n += users

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds / 3)
    victim = stk.plan.web[0]
    killed_at = time.monotonic() - t0
    stk.kill(victim.name)
    say(f"kill -9 {victim.name} at {killed_at:.1f} s, under load")
    time.sleep(seconds / 6)
    restart_at = time.monotonic() - t0
    stk.start_one_web(victim)
    back_at = time.monotonic() - t0
    say(f"{victim.name} started again at {restart_at:.1f} s, answering at {back_at:.1f} s")
    remaining = seconds - (time.monotonic() - t0)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(150)
    calls = list(record.calls)
    failed = [c for c in calls if c.status != 200]
    # Every confirmed answer, read back through the balancer after the run.
    checker = drill_client(base_url, key, Record())
    answers, lost = 0, []
    for session, given in confirmed.values():
        if not given:
            continue
        variables = checker.get("/api/session", session._ids())
        for name, value in given.items():
            answers += 1
            if not kept(variables, name, value):
                lost.append((session.session[:8], name))
    causes: dict[str, int] = {}
    for c in failed:
        cause = f"{c.method} {c.status or 'no answer'}"
        causes[cause] = causes.get(cause, 0) + 1
    ok = sorted(c.seconds for c in calls if c.status == 200)
    return {
        "users": users,
        "seconds": seconds,
        "killed_at": round(killed_at, 1),
        "restarted_at": round(restart_at, 1),
        "back_at": round(back_at, 1),
        "sessions": len(confirmed),
        "requests": len(calls),
        "failed": len(failed),
        "failure_causes": causes,
        "failed_detail": [f"{c.method} {c.path} {c.status} {c.error[:80]}" for c in failed[:5]],
        "by_server": {n: sum(1 for c in calls if c.server == n) for n in sorted({c.server for c in calls})},
        "confirmed_answers": answers,
        "lost": lost,
        "p50_ms": round(1000 * statistics.median(ok)) if ok else None,
        "p95_ms": round(1000 * ok[int(0.95 * (len(ok) - 1))]) if ok else None,
        "max_ms": round(1000 * ok[-1]) if ok else None,
    }


def check_documents(base_url: str, key: str, web_ports: list[int]) -> dict:
    """3. The paperwork story (documents made by the Celery worker in the background) through the
    balancer, then every file downloaded from each web server directly."""
    from daclient import APIError

    da = drill_client(base_url, key, Record())
    interview, story = load_story("paperwork.yml")
    t = time.perf_counter()
    session = da.new_session(interview)
    q = session.question()
    waited = 0
    for _ in range(40):
        screen = q.get("id") or q.get("questionName")
        if screen == story["expect"]["screen"]:
            break
        if q.get("reload_after") and not q.get("fields"):  # waiting for the Celery worker
            waited += 1
            q = session._poll(q, screen)
            continue
        answer = answers_for(q, story["answers"])
        if not answer:
            raise StackError(f"the paperwork story has no answer for screen {screen!r}")
        q = session.set(answer)
    else:
        raise StackError(f"the paperwork did not reach {story['expect']['screen']!r}")
    assembled = time.perf_counter() - t
    text = q.get("subquestionText") or ""
    files = sorted(set(re.findall(r"/uploadedfiledownload/(\d+)/([\w.\-]+)", text)))
    if not files:
        raise StackError("the paperwork screen offers no file")
    if not waited:
        raise StackError("the paperwork never waited for the worker: the documents were not made in the background")
    result = {"files": len(files), "assembled_s": round(assembled, 1), "per_server": {}, "different": []}
    first: dict = {}
    for i, port in enumerate(web_ports, 1):
        direct = drill_client(f"http://127.0.0.1:{port}", key, Record())
        got = 0
        for number, name in files:
            try:
                data = direct.download(int(number), name.rsplit(".", 1)[-1])
            except APIError as e:
                result["different"].append(f"web{i}: {name}: {e}")
                continue
            got += 1
            if first.setdefault(name, data) != data:
                result["different"].append(f"web{i}: {name} differs")
        result["per_server"][f"web{i}"] = got
    return result


# ----------------------------------------------------------------------------- main


def drill(stk: DrillStack, web_ports: list[int]) -> int:
    s = stk.s
    base_url = f"http://127.0.0.1:{stk.balancer_port}"
    key = stk.sec["admin_api_key"]
    users = int(os.environ.get("PARCOURS_SCALE_USERS", "6"))
    seconds = float(os.environ.get("PARCOURS_SCALE_SECONDS", "36"))
    failures = []

    one = check_sessions_move(base_url, key)
    say(
        f"1. sessions move between servers: guide in {one['steps']} answers, {one['requests']} requests "
        f"{one['by_server']}, {one['switches']} switches of server; {one['answers_checked']} answers read back "
        f"after every step from the other server, lost: {one['lost'] or 'none'}"
    )
    if one["lost"] or one["result_missing"] or len(one["by_server"]) < 2 or not one["switches"]:
        failures.append(f"1: {one}")

    two = check_kill_under_load(stk, base_url, key, users, seconds)
    say(
        f"2. web1 killed under load: {two['users']} users for {two['seconds']:.0f} s, {two['sessions']} sessions, "
        f"{two['requests']} requests {two['by_server']}, {two['failed']} failed {two['failure_causes']}; "
        f"{two['confirmed_answers']} confirmed answers, lost: {len(two['lost'])}; "
        f"through the balancer p50 {two['p50_ms']} ms, p95 {two['p95_ms']} ms, max {two['max_ms']} ms"
    )
    for line in two["failed_detail"]:
        say(f"   failed: {line}")
    stats = haproxy_stats(s)
    say(
        "   HAProxy: "
        + ", ".join(
            f"{n} {r['status']} {r['stot']} sessions, {r['wretr']} retries, {r['wredis']} redispatched"
            for n, r in stats.items()
            if n.startswith("web")
        )
    )
    if two["lost"]:
        failures.append(f"2: answers lost: {two['lost'][:10]}")

    three = check_documents(base_url, key, web_ports)
    say(
        f"3. documents made by the worker: {three['files']} files in {three['assembled_s']} s, downloaded from "
        + ", ".join(f"{n}: {c}/{three['files']}" for n, c in three["per_server"].items())
        + (f"; problems: {three['different']}" if three["different"] else ", identical")
    )
    if three["different"] or any(c != three["files"] for c in three["per_server"].values()):
        failures.append(f"3: {three['different']}")

    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    say(f"machine: {os.cpu_count()} CPUs (nproc), {ram_gb:.0f} GB RAM, {time.strftime('%Y-%m-%d')}")
    report = {
        "ram_gb": round(ram_gb),
        "date": time.strftime("%Y-%m-%d"),
        "nproc": os.cpu_count(),
        "sessions_move": one,
        "kill": two,
        "documents": three,
    }
    stack.private_file(s.path("scale-drill.json"), json.dumps(report, indent=2, default=str))
    if failures:
        for f in failures:
            print(f"\033[31m[parcours] drill failed:\033[0m {f}", file=sys.stderr)
        return 1
    say(f"scale drill passed (figures in {s.path('scale-drill.json')})")
    return 0


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "drill"
    try:
        s, web_ports, balancer = settings_from_env()
        s.var.mkdir(parents=True, exist_ok=True)
        if cmd == "stop":
            stop_from_pidfiles(s, web_ports)
            return 0
        if not shutil.which("haproxy"):
            say("HAProxy is not installed: 'make install' installs it (Debian package haproxy); drill skipped")
            return 0
        stk = DrillStack(s, web_ports, balancer)
        try:
            t = time.monotonic()
            stk.start()
            say(
                f"two web servers, one worker and HAProxy up in {time.monotonic() - t:.0f} s at http://127.0.0.1:{balancer}/"
            )
            if cmd == "start":
                return 0
            return drill(stk, web_ports)
        finally:
            if cmd != "start":
                stk.stop()
    except StackError as e:
        print(f"\033[31m[parcours] error:\033[0m {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
