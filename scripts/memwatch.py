"""The stack's memory and CPU: every process of one data folder (gunicorn, Celery, Redis, PostgreSQL
and its children, the converter), found by the folder or the stack's ports on its command line or
in its environment. `make bench` imports `stack_rss`; `make load` runs it as a script:

    memwatch.py VAR [OUT.json]   sample every second until terminated, then print the peak memory
                                 (MiB) and write OUT.json: peak memory, CPU used by each kind of
                                 process, by the load generator and by the rest of the machine
                                 (other people's work), in cores, and the load average."""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import psutil

BENCH_PORTS = (":28080", ":63999", "55539")  # scripts/bench.py
KINDS = ("gunicorn", "celery", "postgres", "redis", "converter")  # else "supervisor"


def _ports() -> tuple[str, ...]:
    """The ports of the stack the caller points at (PARCOURS_*_PORT), else the bench stack's."""
    names = ("PARCOURS_HTTP_PORT", "PARCOURS_REDIS_PORT", "PARCOURS_PG_PORT")
    ours = tuple(f":{os.environ[n]}" for n in names if os.environ.get(n))
    return ours or BENCH_PORTS


def kind_of(cmd: str) -> str:
    for kind in KINDS:
        if kind in cmd:
            return kind
    if "unoserver" in cmd or "soffice" in cmd or "oosplash" in cmd:
        return "converter"
    return "supervisor"


def stack_processes(var: str):
    """(process, kind) for each process of the stack now, with their children (PostgreSQL's backends
    keep neither the folder nor the environment); the load generator and this process excluded."""
    me, ports, found = psutil.Process().pid, _ports(), {}
    for p in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(p.info["cmdline"] or [])
            if var in cmd or any(port in cmd for port in ports) or (p.info["environ"] or {}).get("PARCOURS_VAR") == var:
                for q in (p, *p.children(recursive=True)):
                    found.setdefault(q.pid, q)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    for pid, p in found.items():
        try:
            cmd = " ".join(p.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        # load.sh itself carries PARCOURS_VAR: its shell, locust and this watcher are not the stack
        if pid != me and "locust" not in cmd and "load.sh" not in cmd and "memwatch" not in cmd:
            yield p, kind_of(cmd)


def load_generators():
    for p in psutil.process_iter(["cmdline"]):
        try:
            if "locust" in " ".join(p.info["cmdline"] or []):
                yield p, "locust"
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


def stack_rss(var: str) -> int:
    """Bytes resident in the stack's processes now."""
    total = 0
    for p, _ in stack_processes(var):
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


class Watch:
    """Peak memory and CPU seconds per kind of process since the watch began. A process that starts
    during the watch (a restarted service, a new PostgreSQL backend) counts from its birth; the last
    second of a process that ends is lost (at most one sample)."""

    def __init__(self, var: str):
        self.var, self.start, self.peak = var, time.time(), 0
        self.seen: dict[int, float] = {}  # pid -> CPU seconds counted so far
        self.cpu: dict[str, float] = {}
        self.machine0 = self._busy()
        self.load0 = os.getloadavg()

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)

    def sample(self) -> None:
        rss = 0
        for p, kind in [*stack_processes(self.var), *load_generators()]:
            try:
                with p.oneshot():
                    if kind != "locust":
                        rss += p.memory_info().rss
                    c = p.cpu_times()
                    used = c.user + c.system
                    if p.pid not in self.seen:  # born before the watch: count from now
                        self.seen[p.pid] = 0.0 if p.create_time() >= self.start else used
                    self.cpu[kind] = self.cpu.get(kind, 0.0) + used - self.seen[p.pid]
                    self.seen[p.pid] = used
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        self.peak = max(self.peak, rss)

    def result(self) -> dict:
        seconds = max(time.time() - self.start, 1e-9)
        cores = {k: round(v / seconds, 2) for k, v in sorted(self.cpu.items()) if k != "locust"}
        load_gen = self.cpu.get("locust", 0.0)
        stack = sum(self.cpu.values()) - load_gen
        machine = self._busy() - self.machine0
        return {
            "seconds": round(seconds),
            "peak_mib": round(self.peak / 2**20),
            "cpu_cores": cores,  # mean cores used by each kind of process over the run
            "stack_cores": round(stack / seconds, 2),
            "load_generator_cores": round(load_gen / seconds, 2),
            "others_cores": round(max(machine - stack - load_gen, 0.0) / seconds, 2),
            "machine_cores": psutil.cpu_count(),
            "loadavg_start": self.load0,
            "loadavg_end": os.getloadavg(),
        }


def main(argv: list[str]) -> int:
    var, out = argv[1], (argv[2] if len(argv) > 2 else None)
    watch = Watch(var)

    def stop(*_):
        r = watch.result()
        if out:
            with open(out, "w") as f:
                json.dump(r, f, indent=1)
        print(f"{r['peak_mib']} MiB", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    while True:
        watch.sample()
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
