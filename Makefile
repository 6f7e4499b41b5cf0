# parcours — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: install run start stop test test-install wheel bench load clean-data backup restore scale-drill rotate-case-key

install:
	@bash scripts/install.sh

## Start PostgreSQL, Redis, the DOCX -> PDF converter, Celery and docassemble on 127.0.0.1; Ctrl-C stops them all.
run: install
	@$(PY) scripts/stack.py run

## Start in the background (make stop stops it).
start: install
	@$(PY) scripts/stack.py start

stop:
	@[ -x $(PY) ] && $(PY) scripts/stack.py stop || true

## The whole suite: core unit tests, rule lint and YAML tests, interview stories, API and browser.
test: install
	@bash scripts/test.sh

## The production wheel (dist/), the one the Dockerfile installs.
wheel: install
	@$(PY) scripts/wheel.py build dist

## The production install served for real: wheel in a fresh venv, docassemble from it, stories and a journey.
test-install: install
	@bash scripts/test_install.sh

bench: install
	@$(PY) scripts/bench.py

## Encrypted archive of the data folder in backups/ (key apart, printed); deletes archives past PARCOURS_BACKUP_KEEP_DAYS.
backup: install
	@$(PY) scripts/backup.py backup

## Rebuild a data folder from an archive: make restore ARCHIVE=backups/parcours-backup-....tar.age [FORCE=1]
restore: install
	@$(PY) scripts/backup.py restore "$(ARCHIVE)" $(if $(FORCE),--force)

## A new association key for the case index: every case's key re-wrapped, the old key dropped (docs/security.md).
rotate-case-key: install
	@$(PY) -m docassemble.parcours.teamcases rotate "$${PARCOURS_VAR:-var}/config/config.yml"

## Delete all local data (database, sessions, uploads). Asks first.
clean-data: stop
	@read -p "Delete var/ (all local cases and sessions)? [y/N] " a && [ "$$a" = y ] && rm -rf var/postgres var/redis var/files var/test var/bench var/load var/tables.ok var/secrets.json || true

## Load test on loopback: 60 then 120 users walking real interviews (5 min each), then 40 users through four crashes (~20 min).
## make load LOAD_RAMP=1: the saturation point instead (120, 160, 200, 240 users, 2 min each).
load: install
	@bash scripts/load.sh

## Multi-server drill (not in make test): PostgreSQL, Redis, two web servers, a worker, HAProxy round robin; a kill -9 under load.
scale-drill: install
	@$(PY) scripts/scale_drill.py
