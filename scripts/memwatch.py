"""Print the peak summed RSS (MiB) of the stack's processes until interrupted."""
import signal
import sys
import time

import psutil

var, peak = sys.argv[1], 0
me = psutil.Process().pid
signal.signal(signal.SIGTERM, lambda *a: (print(f"{peak / 2**20:.0f} MiB"), sys.exit(0)))
while True:
    total = 0
    for p in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(p.info["cmdline"] or [])
            if p.pid == me or "locust" in cmd:  # the load generator is not the stack
                continue
            if var in cmd or ":28080" in cmd or ":63999" in cmd or "55539" in cmd \
                    or (p.info["environ"] or {}).get("PARCOURS_VAR") == var:
                total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    peak = max(peak, total)
    time.sleep(1)
