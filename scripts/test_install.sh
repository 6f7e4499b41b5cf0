#!/usr/bin/env bash
# make test-install: the production install, served for real. Builds the wheel (scripts/wheel.py, the
# one the Dockerfile installs), installs it non-editable into a fresh venv that does not see the
# checkout, starts docassemble from that venv with the packaged settings (scripts/stack.py with
# PARCOURS_VENV), and runs the REST story tables and a volunteer's browser journey against it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
WORK="${PARCOURS_INSTALL_WORK:-$ROOT/var/install-test}"
# Its own data folder and ports, beside make run's and make test's stacks.
export PARCOURS_TEST_VAR="${PARCOURS_TEST_VAR:-$WORK/var}"
export PARCOURS_TEST_HTTP_PORT="${PARCOURS_TEST_HTTP_PORT:-18180}"
export PARCOURS_TEST_PG_PORT="${PARCOURS_TEST_PG_PORT:-55539}"
export PARCOURS_TEST_REDIS_PORT="${PARCOURS_TEST_REDIS_PORT:-63999}"
export LOCPATH="$ROOT/var/locale"  # first, so that the shell finds the locale below
export LC_ALL=en_US.UTF-8 LANG=en_US.UTF-8
PARCOURS_VAR="$PARCOURS_TEST_VAR" PARCOURS_HTTP_PORT="$PARCOURS_TEST_HTTP_PORT" PARCOURS_PG_PORT="$PARCOURS_TEST_PG_PORT" \
  PARCOURS_REDIS_PORT="$PARCOURS_TEST_REDIS_PORT" "$PY" scripts/stack.py stop >/dev/null 2>&1 || true
rm -rf "$WORK" && mkdir -p "$WORK"
t0=$SECONDS
"$PY" scripts/wheel.py build "$WORK/dist"
export PARCOURS_VENV
PARCOURS_VENV="$("$PY" scripts/wheel.py venv "$WORK"/dist/parcours-*.whl "$WORK/venv")"
step "wheel built and installed in $PARCOURS_VENV in $((SECONDS - t0)) s"
"$PY" -m pytest -q -p no:cacheprovider \
  tests/platform/test_service_user.py tests/interviews/test_stories.py tests/journeys/test_volunteer_lands.py "$@"
step "production install served and tested in $((SECONDS - t0)) s"
