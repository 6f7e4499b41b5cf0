#!/usr/bin/env bash
# make load: 30 kiosk visitors + 10 volunteers for 5 minutes, then 60 users, on loopback only;
# prints locust's figures and the peak memory of the stack. Bounded in users and time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export PARCOURS_VAR="$ROOT/var/bench" PARCOURS_HTTP_PORT=28080 PARCOURS_PG_PORT=55539 PARCOURS_REDIS_PORT=63999
PY=.venv/bin/python
DURATION="${LOAD_DURATION:-5m}"
$PY scripts/stack.py stop >/dev/null 2>&1 || true
$PY scripts/stack.py start
trap '$PY scripts/stack.py stop' EXIT
for users in ${LOAD_USERS:-40 60}; do
  step "load: $users users ($((users * 3 / 4)) kiosk, $((users / 4)) volunteers) for $DURATION"
  $PY scripts/memwatch.py "$PARCOURS_VAR" > "var/load-mem-$users.txt" &
  watcher=$!
  .venv/bin/locust -f scripts/locustfile.py --headless -u "$users" -r 2 -t "$DURATION" \
     --host "http://127.0.0.1:$PARCOURS_HTTP_PORT" --only-summary --stop-timeout 10 2>&1 | tail -25 || true  # failures are reported, not fatal
  kill $watcher; wait $watcher 2>/dev/null || true
  step "peak memory of the stack with $users users: $(cat var/load-mem-$users.txt)"
done
