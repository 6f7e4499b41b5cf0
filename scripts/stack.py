"""Start and stop the whole parcours stack on loopback: PostgreSQL, Redis, Celery, gunicorn
and the warm DOCX -> PDF converter (unoserver keeping one LibreOffice running).

    stack.py run     start everything, print the URL, stop everything on Ctrl-C
    stack.py start   start everything in the background (used by the tests and the benchmark)
    stack.py stop    stop what `start` started

All state lives under one data folder (PARCOURS_VAR, default ./var): the PostgreSQL cluster,
Redis's append-only file, uploads, logs, the generated config.yml and secrets. A second start
reuses it. Ports and the listening address come from the environment (see `Settings`).
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# runuser, useradd and initdb live in sbin folders that a non-login PATH may lack.
os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", "/usr/bin:/bin"), "/usr/sbin", "/sbin"])
# The venv whose installed parcours the stack serves: the checkout's, or (PARCOURS_VENV) another one,
# e.g. the wheel installed by the production-install test.
VENV = Path(os.environ.get("PARCOURS_VENV") or ROOT / ".venv").absolute()
VENV_BIN = VENV / "bin"
# unoserver, installed by install.sh for the system python3 (the one Debian's python3-uno serves).
CONVERTER_LIB = Path(os.environ.get("PARCOURS_CONVERTER_LIB") or ROOT / ".venv" / "converter")
SYSTEM_PYTHON = os.environ.get("PARCOURS_SYSTEM_PYTHON", "/usr/bin/python3")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
if not PG_BIN.is_dir():  # Ubuntu 24.04 ships PostgreSQL 16
    PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), PG_BIN)


class StackError(Exception):
    """A failure with one line that names the cause and the fix."""


def say(msg: str) -> None:
    print(f"\033[1m[parcours]\033[0m {msg}", flush=True)


@dataclass
class Settings:
    var: Path
    host: str
    http_port: int
    pg_port: int
    redis_port: int
    convert_port: int  # 0: a free port is chosen at each start
    workers: int
    threads: int
    keep_alive: int

    @classmethod
    def from_env(cls) -> Settings:
        def port(name: str, default: int) -> int:
            raw = os.environ.get(name, str(default))
            if not raw.isdigit() or not 0 < int(raw) < 65536:
                raise StackError(f"{name}={raw!r} is not a port number: give a number from 1 to 65535")
            return int(raw)

        return cls(
            var=Path(os.environ.get("PARCOURS_VAR", ROOT / "var")).resolve(),
            # Loopback unless the operator explicitly exposes the server (PARCOURS_HOST=0.0.0.0).
            host=os.environ.get("PARCOURS_HOST", "127.0.0.1"),
            http_port=port("PARCOURS_HTTP_PORT", 8080),
            pg_port=port("PARCOURS_PG_PORT", 54329),
            redis_port=port("PARCOURS_REDIS_PORT", 63799),
            convert_port=port("PARCOURS_CONVERT_PORT", 0) if os.environ.get("PARCOURS_CONVERT_PORT") else 0,
            workers=int(os.environ.get("PARCOURS_WEB_WORKERS", "2")),
            threads=int(os.environ.get("PARCOURS_WEB_THREADS", "4")),
            keep_alive=int(os.environ.get("PARCOURS_WEB_KEEPALIVE", "75")),
        )

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.http_port}"

    def path(self, *parts: str) -> Path:
        return self.var.joinpath(*parts)


# ----------------------------------------------------------------------------- secrets, config


def load_secrets(s: Settings) -> tuple[dict, bool]:
    """Secrets are made once per data folder; returns (secrets, created_now)."""
    f = s.path("secrets.json")
    if f.exists():
        data = json.loads(f.read_text())
        if "redis_password" not in data:  # data folders made before Redis had a password
            data["redis_password"] = secrets.token_urlsafe(24)
            private_file(f, json.dumps(data, indent=2))
        return data, False
    data = {
        "redis_password": secrets.token_urlsafe(24),
        "secretkey": secrets.token_urlsafe(32),
        "db_password": secrets.token_urlsafe(18),
        "admin_email": os.environ.get("DA_ADMIN_EMAIL", "admin@parcours.example.org"),
        "admin_password": os.environ.get("DA_ADMIN_PASSWORD", "Pc-" + secrets.token_urlsafe(12)),
        # docassemble silently skips an API key that is not exactly 32 characters long.
        "admin_api_key": os.environ.get("DA_ADMIN_API_KEY", secrets.token_hex(16)),
    }
    if len(data["admin_api_key"]) != 32:
        raise StackError("DA_ADMIN_API_KEY must be exactly 32 characters long: docassemble ignores any other length")
    private_file(f, json.dumps(data, indent=2))
    return data, True


def write_config(s: Settings, sec: dict) -> Path:
    for d in ("config", "files", "log", "run", "home", "redis", "tmp"):
        s.path(d).mkdir(parents=True, exist_ok=True)
    webapp = s.path("run", "docassemble.wsgi")
    webapp.touch()  # must exist and be writable, or docassemble exits at start-up
    macro = s.path("home", ".config", "libreoffice", "4", "user", "basic", "Standard", "Module1.xba")
    cfg = {
        "secretkey": sec["secretkey"],
        "debug": False,
        "db": {
            "prefix": "postgresql+psycopg2://",
            "name": "docassemble",
            "user": "docassemble",
            "password": sec["db_password"],
            "host": "127.0.0.1",
            "port": s.pg_port,
        },
        # Redis asks for a password (generated per data folder): no other local user can read
        # the sessions' state or post a task to the worker.
        "redis": f"redis://:{sec['redis_password']}@127.0.0.1:{s.redis_port}",
        "rabbitmq": f"redis://:{sec['redis_password']}@127.0.0.1:{s.redis_port}/1",
        "url root": s.url,
        "uploads": str(s.path("files")),
        "packages": str(VENV),
        "modules": str(VENV),
        "log": str(s.path("log")),
        "flask log": str(s.path("log", "flask.log")),
        "celery flask log": str(s.path("log", "celery-flask.log")),
        "ready file": str(s.path("run", "ready")),
        "webapp": str(webapp),
        "pypirc path": str(s.path("home", ".pypirc")),
        "libreoffice macro file": str(macro),
        # Behind a TLS proxy (PARCOURS_BEHIND_PROXY=1) the client address used by the rate limits
        # is the proxy's X-Real-Ip header; the proxy must set it, overwriting the client's own.
        "behind https load balancer": os.environ.get("PARCOURS_BEHIND_PROXY", "") in ("1", "true", "yes"),
        # docassemble's mail settings (reminders by e-mail): an SMTP server given by the environment.
        "mail": {
            "default sender": '"parcours" <no-reply@parcours.example.org>',
            **(
                {"server": os.environ["PARCOURS_MAIL_SERVER"], "port": int(os.environ.get("PARCOURS_MAIL_PORT", "25"))}
                if os.environ.get("PARCOURS_MAIL_SERVER")
                else {}
            ),
        },
        "twilio": [],
        # parcours's own keys (start page, words, security switches, Celery modules): the one
        # packaged place, read from the package the stack serves (docassemble.parcours.deploy).
        **packaged_settings(),
    }
    path = s.path("config", "config.yml")
    import yaml  # from the venv

    private_file(path, yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True))
    # Redis reads its password from this file, never from its command line (which `ps` shows).
    private_file(
        s.path("config", "redis.conf"),
        "\n".join(
            [
                "bind 127.0.0.1",
                f"port {s.redis_port}",
                "protected-mode yes",
                f'dir "{s.path("redis")}"',
                # Append-only file, fsync every second: a crash of Redis loses at most the last second.
                "appendonly yes",
                "appendfsync everysec",
                "save 60 1",
                f"requirepass {sec['redis_password']}",
                "",
            ]
        ),
    )
    return path


def gunicorn_command(s, host: str, port: int) -> list[str]:
    """One docassemble web server, serving parcours's WSGI app (its security headers)."""
    return [
        *tool("gunicorn"),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(s.workers),
        "--threads",
        str(s.threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        # Idle connections stay open longer than a person's think time: with gunicorn's 2 s
        # default a client could reuse a connection at the very moment the server closed it,
        # and the request was lost (make load).
        "--keep-alive",
        str(s.keep_alive),
        "docassemble.parcours.webapp:app",
    ]


def celery_command(schedule) -> list[str]:
    """The one Celery worker of a stack. -B: the beat that runs the retention purge
    (docassemble.parcours.schedule) lives in the worker, so every way of starting the stack purges."""
    return [
        *tool("celery"),
        "-A",
        "docassemble.webapp.worker",
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "-B",
        "--schedule",
        str(schedule),
    ]


def tool(name: str) -> list[str]:
    """The command of a console script of the venv (a venv that got only the wheel has none: -m)."""
    script = VENV_BIN / name
    return [str(script)] if script.exists() else [str(VENV_BIN / "python"), "-m", name]


def packaged_settings() -> dict:
    import yaml  # from the venv

    r = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "docassemble.parcours.deploy", "config"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if r.returncode != 0:
        raise StackError(f"could not read the deployment settings of {VENV}: {r.stderr.strip()[-200:]}")
    return yaml.safe_load(r.stdout)


def environment(s: Settings) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DA_CONFIG_FILE": str(s.path("config", "config.yml")),
            "LOCPATH": str(ROOT / "var" / "locale"),  # built by install.sh
            "LC_ALL": "en_US.UTF-8",
            "LANG": "en_US.UTF-8",
            "NLTK_DATA": str(ROOT / "var" / "nltk_data"),
            "HOME": str(s.path("home")),
            "TMPDIR": str(s.path("tmp")),
            "PATH": f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}",
            "PYTHONUNBUFFERED": "1",
            "PARCOURS_CELERY_KEY_FILE": str(celery_key_file(s)),
        }
    )
    return env


def celery_key_file(s: Settings) -> Path:
    """Where the key that seals Celery messages lives: RAM (/dev/shm), never the data folder."""
    import hashlib

    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/run")
    return shm / f"parcours-{hashlib.sha1(str(s.var).encode()).hexdigest()[:12]}" / "celery.key"


def ensure_celery_key(s: Settings) -> None:
    """A fresh key per start of the stack; messages sealed with an older one are refused."""
    from cryptography.fernet import Fernet  # from the venv

    f = celery_key_file(s)
    f.parent.mkdir(mode=0o700, exist_ok=True)
    ids = service_user()
    if ids:
        os.chown(f.parent, *ids)
    private_file(f, Fernet.generate_key().decode("ascii"))


# ----------------------------------------------------------------------------- processes


def converter_command(port: int, uno_port: int, profile: Path) -> tuple[list[str], dict]:
    """unoserver's command line and the environment it needs beside the stack's (tests use it too)."""
    cmd = [
        SYSTEM_PYTHON,
        "-m",
        "unoserver.server",
        "--interface",
        "127.0.0.1",
        "--uno-interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--uno-port",
        str(uno_port),
        # A letter that hangs LibreOffice stops it; the supervisor starts it again.
        "--conversion-timeout",
        "60",
        "--user-installation",
        str(profile),
    ]
    return cmd, {"PYTHONPATH": str(CONVERTER_LIB), "SAL_USE_VCLPLUGIN": "svp"}


def free_port() -> int:
    """A loopback port nobody listens on now (the converter's, when PARCOURS_CONVERT_PORT is unset)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host if host != "::" else "0.0.0.0", port))
        except OSError:
            return False
    return True


def check_ports(s: Settings) -> None:
    for name, port in (
        ("PARCOURS_HTTP_PORT", s.http_port),
        ("PARCOURS_PG_PORT", s.pg_port),
        ("PARCOURS_REDIS_PORT", s.redis_port),
        ("PARCOURS_CONVERT_PORT", s.convert_port),  # 0: chosen free at start
    ):
        if port and not port_free("127.0.0.1", port):
            raise StackError(
                f"port {port} is already in use: stop the program using it "
                f"(is parcours already running? try 'make stop'), or set {name} to a free port"
            )


SERVICE_USER = "parcours"  # every service of the stack runs as this user when we are root


def service_user() -> tuple[int, int] | None:
    """(uid, gid) of the unprivileged user the services run as, made if missing; None when we
    are not root (then everything runs as the user who started the stack)."""
    if os.geteuid() != 0:
        return None
    try:
        pw = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", SERVICE_USER],
            check=True,
            capture_output=True,
        )
        pw = pwd.getpwnam(SERVICE_USER)
    return pw.pw_uid, pw.pw_gid


def as_service() -> dict:
    """subprocess arguments that run a command as the service user, files private (umask 077)."""
    ids = service_user()
    if ids is None:
        return {"umask": 0o077}
    return {"user": ids[0], "group": ids[1], "extra_groups": [], "umask": 0o077}


def open_for_traversal(paths) -> None:
    """The service user must reach the code, the venv's interpreter and the data folder. Where a
    parent folder is closed to other users (/root on machines whose Python lives in ~/.pyenv, a
    private temporary folder), it gets the search bit only (o+x): others can enter paths they
    already know, never list the folder."""
    opened = []
    for path in paths:
        path = Path(path)
        for folder in [*reversed(path.parents), path]:
            if folder.is_dir() and not folder.stat().st_mode & 0o001:
                folder.chmod(folder.stat().st_mode | 0o001)
                opened.append(str(folder))
    if opened:
        say(
            f"opened for traversal only (o+x) so that the '{SERVICE_USER}' service user reaches the code and data: "
            + ", ".join(opened)
        )


def make_private(root: Path) -> None:
    """Every folder of the data folder 700 and every file 600, owned by the service user: no
    other local user reads a session, a log or a secret (symbolic links are not followed)."""
    ids = service_user()
    trees = [root] + ([root / "postgres"] if (root / "postgres").is_symlink() else [])
    for tree in trees:
        for folder, _dirs, files in os.walk(tree.resolve()):
            for name, mode in [(folder, 0o700)] + [(os.path.join(folder, f), 0o600) for f in files]:
                st = os.lstat(name)
                if stat.S_ISLNK(st.st_mode):
                    continue
                if ids and (st.st_uid, st.st_gid) != ids:
                    os.chown(name, *ids)
                if stat.S_IMODE(st.st_mode) != mode:
                    os.chmod(name, mode)


def private_file(path: Path, text: str) -> None:
    """Write *text* to *path* atomically, mode 600, owned by the service user."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    ids = service_user()
    if ids:
        os.chown(tmp, *ids)
    tmp.replace(path)


def pg_dir(s: Settings) -> Path:
    """The folder holding the cluster (data/), its socket and its log: var/postgres (a link to
    /var/lib/parcours-db/<id> in data folders made by earlier versions: still followed)."""
    home = s.path("postgres")
    return home.resolve() if home.is_symlink() else home


def start_postgres(s: Settings, sec: dict) -> None:
    run_as = as_service()
    home = pg_dir(s)
    data, sock, log = home / "data", home / "socket", home / "postgresql.log"
    home.mkdir(mode=0o700, exist_ok=True)
    sock.mkdir(mode=0o700, exist_ok=True)
    make_private(s.var)
    if not (data / "PG_VERSION").exists():
        say("creating the PostgreSQL cluster (first start)")
        tmp = home / "data.partial"  # renamed only once initdb succeeded: no half-made cluster
        shutil.rmtree(tmp, ignore_errors=True)
        pwfile = home / "pw.tmp"
        private_file(pwfile, sec["db_password"] + "\n")
        r = subprocess.run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(tmp),
                "-U",
                "docassemble",
                "--pwfile",
                str(pwfile),
                "-E",
                "UTF8",
                "--locale=C",
                "-A",
                "scram-sha-256",
            ],
            capture_output=True,
            text=True,
            **run_as,
        )
        pwfile.unlink()
        if r.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise StackError(f"initdb failed: {r.stderr.strip().splitlines()[-1] if r.stderr else r.returncode}")
        tmp.rename(data)
    opts = f"-p {s.pg_port} -k {sock} -c listen_addresses=127.0.0.1"
    r = subprocess.run(
        [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start"],
        capture_output=True,
        text=True,
        **run_as,
    )
    if r.returncode != 0:
        raise StackError(f"PostgreSQL did not start (see {log}): {r.stdout.strip()[-200:]}")
    # The database itself; idempotent.
    env = dict(os.environ, PGPASSWORD=sec["db_password"])
    q = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(s.pg_port),
            "-U",
            "docassemble",
            "-d",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname='docassemble'",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if q.stdout.strip() != "1":
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(s.pg_port), "-U", "docassemble", "docassemble"],
            check=True,
            env=env,
        )


def postgres_alive(s: Settings) -> bool:
    pidfile = pg_dir(s) / "data" / "postmaster.pid"
    try:
        os.kill(int(pidfile.read_text().split()[0]), 0)
        return True
    except (OSError, ValueError, IndexError):
        return False


def stop_postgres(s: Settings, mode: str = "fast") -> None:
    data = pg_dir(s) / "data"
    if (data / "postmaster.pid").exists():
        r = subprocess.run(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "-t", "30", "stop"],
            capture_output=True,
            text=True,
            **as_service(),
        )
        if r.returncode != 0 and postgres_alive(s) and mode != "immediate":
            say(f"PostgreSQL did not stop in {mode} mode ({r.stderr.strip()[-120:]}); stopping it at once")
            stop_postgres(s, "immediate")


# LibreOffice's launcher may outlive a SIGTERM (it waits on its dead child), and the converter
# keeps nothing worth saving: its whole process group is killed at once.
STOP_SIGNAL = {"converter": signal.SIGKILL}


class Stack:
    """The child processes we own (Redis, Celery, gunicorn), stopped in reverse order."""

    def __init__(self, s: Settings):
        self.s = s
        self.env = environment(s)
        self.procs: dict[str, subprocess.Popen] = {}
        self.restarts: dict[str, list[float]] = {}
        self.sec: dict = {}

    def spawn(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        path = self.s.path("log", f"{name}.log")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if service_user():
            os.fchown(fd, *service_user())  # a new log belongs to the service user, like the rest of var/
        log = os.fdopen(fd, "ab")
        p = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env or self.env,
            cwd=self.s.path("home"),
            start_new_session=True,
            **as_service(),
        )
        log.close()
        self.procs[name] = p
        private_file(self.s.path("run", f"{name}.pid"), str(p.pid))
        return p

    def start(self) -> float:
        s = self.s
        t0 = time.monotonic()
        check_ports(s)
        if service_user():
            open_for_traversal([ROOT, VENV, (VENV_BIN / "python").resolve(), s.var])
        self.sec, created = load_secrets(s)
        write_config(s, self.sec)
        start_postgres(s, self.sec)
        self.start_redis()
        ensure_celery_key(s)
        stamp = s.path("tables.ok")
        if not stamp.exists():
            say("creating the docassemble tables and the admin account (first start)")
            # Redis state (API keys, sessions) belongs to the database it was made with: a new
            # database starts with an empty Redis, or stale keys would shadow the new ones.
            subprocess.run(
                ["redis-cli", "-h", "127.0.0.1", "-p", str(s.redis_port), "FLUSHALL"],
                capture_output=True,
                check=True,
                env=dict(os.environ, REDISCLI_AUTH=self.sec["redis_password"]),
            )
            sec = self.sec
            env = dict(
                self.env,
                DA_ADMIN_EMAIL=sec["admin_email"],
                DA_ADMIN_PASSWORD=sec["admin_password"],
                DA_ADMIN_API_KEY=sec["admin_api_key"],
            )
            self.run_module(
                ["docassemble.webapp.create_tables", env["DA_CONFIG_FILE"]], env, "create_tables", "creating the tables"
            )
            private_file(stamp, "")
            created = True
        # The volunteer and legal_team privileges (docassemble.parcours.deploy.ROLES).
        self.run_module(
            ["docassemble.parcours.deploy", "roles"],
            self.env,
            "roles",
            "creating the volunteer and legal_team privileges",
        )
        services_up = time.monotonic()
        # Before Celery and the web: they read its address; LibreOffice warms up meanwhile.
        self.start_converter()
        self.start_celery()
        self.start_web()
        ready = time.monotonic() - services_up
        if created:
            say(
                f"admin account: {self.sec['admin_email']} / password: {self.sec['admin_password']} "
                f"(stored in {s.path('secrets.json')}; shown once)"
            )
        say(f"services up in {services_up - t0:.1f} s, server ready {ready:.1f} s later")
        return ready

    def run_module(self, args: list[str], env: dict, log: str, what: str) -> None:
        """Run a Python module of the stack's venv as the service user; its output goes to
        var/log/<log>.log only when it fails (it may name the admin account)."""
        r = subprocess.run(
            [str(VENV_BIN / "python"), "-m", *args],
            env=env,
            cwd=self.s.path("home"),
            capture_output=True,
            text=True,
            **as_service(),
        )
        if r.returncode != 0:
            private_file(self.s.path("log", f"{log}.log"), r.stdout + r.stderr)
            raise StackError(f"{what} failed (see var/log/{log}.log)")

    def start_redis(self) -> None:
        s = self.s
        self.spawn("redis", ["redis-server", str(s.path("config", "redis.conf"))])
        wait_port(s.redis_port, "Redis", 20)

    def start_converter(self) -> None:
        """unoserver on loopback, one per stack; the document code falls back to a cold
        LibreOffice while it starts (about 7 s) or when it is down."""
        s = self.s
        if not (CONVERTER_LIB / "unoserver").is_dir():
            say("the warm DOCX -> PDF converter is not installed (make install): letters use a cold LibreOffice")
            return
        if not s.convert_port:
            s.convert_port = free_port()
        if not getattr(self, "uno_port", 0):
            self.uno_port = free_port()
        # A fresh LibreOffice profile per start: one left by a killed converter may hold a lock.
        profile = s.path("run", "converter-profile")
        shutil.rmtree(profile, ignore_errors=True)
        self.env["PARCOURS_CONVERTER"] = f"127.0.0.1:{s.convert_port}"
        cmd, extra = converter_command(s.convert_port, self.uno_port, profile)
        self.spawn("converter", cmd, env={**self.env, **extra})

    def start_celery(self) -> None:
        self.spawn("celery", celery_command(self.s.path("run", "celerybeat-schedule")))

    def start_web(self) -> None:
        s = self.s
        web = self.spawn(
            "web",
            gunicorn_command(s, s.host, s.http_port),
        )
        wait_http(s.url + "/health_check", 120, web)

    def supervise(self) -> None:
        """One round of the supervisor (make run): a service that died is started again, as a
        process manager would; one that keeps dying (5 times in 2 minutes) stops the stack."""
        now = time.monotonic()
        dead = [name for name, p in self.procs.items() if p.poll() is not None]
        if not postgres_alive(self.s):
            dead.insert(0, "postgres")
        for name in dead:
            recent = [t for t in self.restarts.get(name, []) if now - t < 120]
            if len(recent) >= 5:
                raise StackError(f"{name} keeps exiting (see var/log/{name}.log); stopping")
            self.restarts[name] = recent + [now]
            say(f"{name} exited unexpectedly (see var/log/{name}.log); starting it again")
            try:
                if name == "postgres":
                    start_postgres(self.s, self.sec)
                else:
                    ports = {"web": self.s.http_port, "redis": self.s.redis_port, "converter": self.s.convert_port}
                    wait_port_closed(ports.get(name, 0), 15)
                    getattr(self, f"start_{name}")()
            except StackError as e:
                say(f"{name} did not start again yet: {e}")

    def stop(self) -> None:
        for name, p in reversed(list(self.procs.items())):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, STOP_SIGNAL.get(name, signal.SIGTERM))
                except ProcessLookupError:
                    pass
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
            self.s.path("run", f"{name}.pid").unlink(missing_ok=True)
        stop_postgres(self.s)
        shutil.rmtree(celery_key_file(self.s).parent, ignore_errors=True)


def wait_port(port: int, what: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not port_free("127.0.0.1", port):
            return
        time.sleep(0.1)
    raise StackError(f"{what} did not open port {port} within {timeout:.0f} s (see var/log)")


def wait_http(url: str, timeout: float, proc: subprocess.Popen) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise StackError("the web server exited at start-up (see var/log/web.log)")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise StackError(f"the web server did not answer {url} within {timeout:.0f} s (see var/log/web.log)")


def kill_from_pidfile(s: Settings, name: str, sig: int = signal.SIGTERM) -> None:
    f = s.path("run", f"{name}.pid")
    if f.exists():
        try:
            os.killpg(int(f.read_text()), sig)
        except (ProcessLookupError, ValueError, PermissionError):
            pass
        f.unlink()


def wait_port_closed(port: int, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and not port_free("127.0.0.1", port):
        time.sleep(0.1)


def stop_from_pidfiles(s: Settings) -> None:
    for name in ("web", "celery", "converter", "redis"):
        kill_from_pidfile(s, name, STOP_SIGNAL.get(name, signal.SIGTERM))
    wait_port_closed(s.http_port, 15)
    wait_port_closed(s.redis_port, 15)
    stop_postgres(s)
    shutil.rmtree(celery_key_file(s).parent, ignore_errors=True)  # the next start makes a new key


FAULTS = ("web-worker", "web", "celery", "converter", "redis", "postgres")


def fault(s: Settings, what: str) -> int:
    """Fault drill (make load): crash one part of a running stack; the supervisor of `make run`
    brings it back. A web worker is respawned by gunicorn itself; PostgreSQL is stopped in
    'immediate' mode, which is a crash: it recovers from its write-ahead log at the next start."""
    if what not in FAULTS:
        raise StackError(f"unknown fault {what!r}: one of {', '.join(FAULTS)}")
    if what == "postgres":
        stop_postgres(s, "immediate")
    elif what == "web-worker":
        master = int(s.path("run", "web.pid").read_text())
        workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
        if not workers:
            raise StackError("no gunicorn worker found")
        os.kill(int(workers[0]), signal.SIGKILL)
    else:
        os.killpg(int(s.path("run", f"{what}.pid").read_text()), signal.SIGKILL)
    say(f"fault: {what} killed")
    return 0


PURGE_CODE = """
import json
from docassemble.webapp.server import app
from docassemble.parcours.retention import purge
with app.app_context():
    print(json.dumps(purge()))
"""


def purge(stack: Stack) -> int:
    """Delete idle sessions past their retention (docassemble.parcours.retention), in the app's context."""
    r = subprocess.run(
        [str(VENV_BIN / "python"), "-c", PURGE_CODE],
        env=stack.env,
        cwd=stack.s.path("home"),
        capture_output=True,
        text=True,
        **as_service(),
    )
    if r.returncode != 0:
        private_file(stack.s.path("log", "purge.log"), r.stdout + r.stderr)
        raise StackError("the retention purge failed (see var/log/purge.log)")
    say(f"retention purge: {r.stdout.strip().splitlines()[-1]}")
    return 0


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "run"
    try:
        s = Settings.from_env()
        s.var.mkdir(parents=True, exist_ok=True)
        if cmd == "stop":
            stop_from_pidfiles(s)
            return 0
        stack = Stack(s)
        if cmd == "purge":
            return purge(stack)
        if cmd == "fault":
            return fault(s, argv[2] if len(argv) > 2 else "")
        if cmd == "crash-web":
            # Fault drill for the tests: kill -9 the web server and start it again.
            kill_from_pidfile(s, "web", signal.SIGKILL)
            wait_port_closed(s.http_port, 20)
            stack.start_web()
            return 0

        def on_signal(signum, frame):
            raise KeyboardInterrupt

        if cmd == "run":
            # Installed first, and explicitly: a shell that starts us in the background ignores
            # SIGINT, and a Ctrl-C at any moment from here on must stop what was started.
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, on_signal)
        try:
            stack.start()
        except BaseException:
            stack.stop()
            raise
        if cmd == "start":
            say(f"running at {s.url}/ (stop with: make stop)")
            return 0
        try:
            say(f"parcours is running at {s.url}/  — press Ctrl-C to stop")
            while True:
                stack.supervise()
                time.sleep(1)
        except (KeyboardInterrupt, StackError) as e:
            say(str(e) if isinstance(e, StackError) else "stopping")
            stack.stop()
            return 1 if isinstance(e, StackError) else 0
        return 0
    except StackError as e:
        print(f"\033[31m[parcours] error:\033[0m {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv))
