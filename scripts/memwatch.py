"""The stack's memory: the summed RSS of every process of one data folder (gunicorn, Celery,
Redis, PostgreSQL and its children), found by the folder or the bench ports on its command
line. Run as a script, prints the peak (MiB) when terminated; `make bench` imports `stack_rss`."""

import signal
import sys
import time

import psutil

BENCH_PORTS = (":28080", ":63999", "55539")  # scripts/bench.py and scripts/load.sh


def stack_rss(var: str) -> int:
    """Bytes resident in the stack's processes now; the load generator and this process excluded."""
    me, total = psutil.Process().pid, 0
    for p in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(p.info["cmdline"] or [])
            if p.pid == me or "locust" in cmd:
                continue
            if (
                var in cmd
                or any(port in cmd for port in BENCH_PORTS)
                or (p.info["environ"] or {}).get("PARCOURS_VAR") == var
            ):
                total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


if __name__ == "__main__":
    var, peak = sys.argv[1], 0
    signal.signal(signal.SIGTERM, lambda *a: (print(f"{peak / 2**20:.0f} MiB", flush=True), sys.exit(0)))
    while True:
        peak = max(peak, stack_rss(var))
        time.sleep(1)
