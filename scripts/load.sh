#!/usr/bin/env bash
# make load: 60 then 120 users (3/4 kiosk visitors, 1/4 volunteers) for 5 minutes each, then 40
# users again while a web worker, the Celery worker, Redis and PostgreSQL are crashed in turn and
# brought back by the supervisor of `make run`. Loopback only; bounded in users and time (~20 min).
# Prints locust's figures and a table: guide step p50/p95/p99 (issue 17: p95 <= 300 ms), failures,
# CPU used by each kind of process, by the load generator and by other work, peak memory.
#   LOAD_DURATION=5m  LOAD_USERS="60 120"  LOAD_FAULTS=1 (0 skips the fault run)
# `make load LOAD_RAMP=1` (scripts/load.sh ramp) finds the saturation point instead: 2-minute runs
# at LOAD_RAMP_USERS="120 160 200 240" (LOAD_RAMP_DURATION), no fault run (~12 min).
# Own data folder and ports (var/load), apart from `make bench` (var/bench) and the tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export PARCOURS_VAR="$ROOT/var/load" PARCOURS_HTTP_PORT=28380 PARCOURS_PG_PORT=55839 PARCOURS_REDIS_PORT=64399
PY=.venv/bin/python
HOST="http://127.0.0.1:$PARCOURS_HTTP_PORT"
if [ "${1:-}" = ramp ] || [ "${LOAD_RAMP:-0}" = 1 ]; then
  USERS="${LOAD_RAMP_USERS:-120 160 200 240}" DURATION="${LOAD_RAMP_DURATION:-2m}" FAULTS=0
else
  USERS="${LOAD_USERS:-60 120}" DURATION="${LOAD_DURATION:-5m}" FAULTS="${LOAD_FAULTS:-1}"
fi
RESULTS="$PARCOURS_VAR/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$PARCOURS_VAR/log" "$RESULTS"
$PY scripts/stack.py stop >/dev/null 2>&1 || true
# Supervised, as in production (`make run`): a crashed service is started again.
$PY scripts/stack.py run > "$PARCOURS_VAR/log/supervisor.log" 2>&1 &
supervisor=$!
trap 'kill -INT $supervisor 2>/dev/null; wait $supervisor 2>/dev/null || true' EXIT
until curl -sf "$HOST/health_check" >/dev/null; do
  kill -0 $supervisor 2>/dev/null || { cat "$PARCOURS_VAR/log/supervisor.log"; die "the stack did not start"; }
  sleep 1
done
step "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

labels=()
run_load() {  # users [suffix of the label, e.g. -faults]
  local users=$1 label="$1-users${2:-}"
  labels+=("$label")
  step "load: $users users ($((users * 3 / 4)) kiosk, $((users / 4)) volunteers) for $DURATION${2:+ (${2#-})} (load average $(cut -d' ' -f1 /proc/loadavg))"
  $PY scripts/memwatch.py "$PARCOURS_VAR" "$RESULTS/$label.json" > /dev/null &
  local watcher=$!
  # All users start within 30 s (-r), so a short run still spends most of its time at full load.
  .venv/bin/locust -f scripts/locustfile.py --headless -u "$users" -r $(((users + 29) / 30)) -t "$DURATION" \
     --host "$HOST" --only-summary --stop-timeout 70 --csv "$RESULTS/$label" 2>&1 | tail -28 || true  # failures are reported, not fatal
  kill $watcher; wait $watcher 2>/dev/null || true
}

for users in $USERS; do run_load "$users"; done

if [ "$FAULTS" = 1 ]; then
  (  # one fault every 50 s once the users are walking; the supervisor restarts each service
    sleep 40
    for fault in web-worker celery redis postgres; do
      step "fault drill: $fault"
      $PY scripts/stack.py fault "$fault" || true
      sleep 50
    done
  ) &
  drills=$!
  run_load 40 "-faults"
  wait $drills 2>/dev/null || true
  step "supervisor log:"; grep -E "exited|again|fault" "$PARCOURS_VAR/log/supervisor.log" || true
fi

step "figures ($RESULTS; guide step p95 limit 300 ms; CPU in cores, mean over the run):"
$PY scripts/load_table.py "$RESULTS" "${labels[@]}"
