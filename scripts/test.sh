#!/usr/bin/env bash
# The README's test command (make test): every phase, timed. Fails on the first failing phase.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
VENV="$ROOT/.venv/bin"
export LOCPATH="$ROOT/var/locale"  # first, so that the shell finds the locale below
export LC_ALL=en_US.UTF-8 LANG=en_US.UTF-8
status=0
phase() {
  local name="$1"; shift
  local t0=$SECONDS
  step "phase: $name"
  "$@"; local rc=$?
  step "phase: $name took $((SECONDS - t0)) s (exit $rc)"
  [ $rc -eq 0 ] || status=$rc
  return $rc
}
phase "ruff (lint and format of the Python code)" bash -c "\"$VENV/ruff\" check src tests scripts && \"$VENV/ruff\" format --check src tests scripts" || exit $status
phase "rules lint" "$VENV/parcours" lint rules || exit $status
phase "rules tests (legal team's YAML)" "$VENV/parcours" test rules || exit $status
phase "pytest (core, interviews, API, browser)" "$VENV/python" -m pytest -q -p no:cacheprovider "$@" || exit $status
# After the suite, so that its stack is stopped: a second docassemble, served from the wheel.
phase "production install (the wheel in a fresh venv, served: stories and a journey)" bash "$ROOT/scripts/test_install.sh" || exit $status
exit $status
