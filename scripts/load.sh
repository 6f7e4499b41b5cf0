#!/usr/bin/env bash
# make load: 30 kiosk visitors + 10 volunteers for 5 minutes, then 60 users, then 40 users again while
# a web worker, the Celery worker, Redis and PostgreSQL are crashed in turn and brought back by the
# supervisor of `make run`. Loopback only; bounded in users and time. Prints locust's figures and
# the peak memory of the stack for each run.
#   LOAD_DURATION=5m  LOAD_USERS="40 60"  LOAD_FAULTS=1 (0 skips the fault run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export PARCOURS_VAR="$ROOT/var/bench" PARCOURS_HTTP_PORT=28080 PARCOURS_PG_PORT=55539 PARCOURS_REDIS_PORT=63999
PY=.venv/bin/python
DURATION="${LOAD_DURATION:-5m}"
HOST="http://127.0.0.1:$PARCOURS_HTTP_PORT"
$PY scripts/stack.py stop >/dev/null 2>&1 || true
mkdir -p "$PARCOURS_VAR/log"
# Supervised, as in production (`make run`): a crashed service is started again.
$PY scripts/stack.py run > "$PARCOURS_VAR/log/supervisor.log" 2>&1 &
supervisor=$!
trap 'kill -INT $supervisor 2>/dev/null; wait $supervisor 2>/dev/null || true' EXIT
until curl -sf "$HOST/health_check" >/dev/null; do
  kill -0 $supervisor 2>/dev/null || { cat "$PARCOURS_VAR/log/supervisor.log"; die "the stack did not start"; }
  sleep 1
done

run_load() {  # users label
  local users=$1 label=$2
  step "load: $users users ($((users * 3 / 4)) kiosk, $((users / 4)) volunteers) for $DURATION$label"
  $PY scripts/memwatch.py "$PARCOURS_VAR" > "var/load-mem-$users.txt" &
  local watcher=$!
  .venv/bin/locust -f scripts/locustfile.py --headless -u "$users" -r 2 -t "$DURATION" --host "$HOST" \
     --only-summary --stop-timeout 70 2>&1 | tail -28 || true  # failures are reported, not fatal
  kill $watcher; wait $watcher 2>/dev/null || true
  step "peak memory of the stack with $users users$label: $(cat var/load-mem-$users.txt)"
}

for users in ${LOAD_USERS:-40 60}; do run_load "$users" ""; done

if [ "${LOAD_FAULTS:-1}" = 1 ]; then
  (  # one fault every 50 s once the users are walking; the supervisor restarts each service
    sleep 40
    for fault in web-worker celery redis postgres; do
      step "fault drill: $fault"
      $PY scripts/stack.py fault "$fault" || true
      sleep 50
    done
  ) &
  drills=$!
  run_load 40 " (faults: web worker, Celery, Redis, PostgreSQL)"
  wait $drills 2>/dev/null || true
  step "supervisor log:"; grep -E "exited|again|fault" "$PARCOURS_VAR/log/supervisor.log" || true
fi
