# Production image: the official docassemble image, plus parcours and the fonts its documents need.
# No Docker engine runs on the development machines, so this file is kept minimal and is not
# built in CI; the same stack is installed natively by `make run` and tested by `make test`.
#
#   make wheel && docker build -t parcours .     # the image installs dist/parcours-*.whl
#   docker run -d -p 80:80 --env-file parcours.env -v dabackup:/usr/share/docassemble/backup parcours
#
# The image tag must match the pinned Python package (docassemble.webapp==1.10.13): check it
# against the docassemble changelog when upgrading, and bump pyproject.toml in the same commit.
ARG DOCASSEMBLE_TAG=1.10.13
FROM jhpyle/docassemble:${DOCASSEMBLE_TAG}

USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      fonts-noto-core fonts-hosny-amiri fonts-sil-abyssinica fonts-sil-scheherazade espeak-ng python3-uno \
 && rm -rf /var/lib/apt/lists/*
# The warm DOCX -> PDF converter (one LibreOffice kept running behind unoserver, as `make run`
# starts it): a letter takes ~0.2 s instead of ~1-3 s through a cold LibreOffice. unoserver runs on
# the system python3, the one Debian's python3-uno serves, from a folder of its own (as install.sh).
ARG UNOSERVER_VERSION=3.7
RUN /usr/share/docassemble/local3.12/bin/pip install --no-cache-dir --no-deps \
      --target /opt/parcours/converter "unoserver==${UNOSERVER_VERSION}"

# Exactly the wheel `make test` checks (scripts/wheel.py; `make wheel` writes it to dist/): it
# carries the interviews, templates, translations, rules and static files; nothing else of the
# repository enters the image.
COPY --chown=www-data:www-data dist/parcours-*-py3-none-any.whl /tmp/dist/
USER www-data
RUN /usr/share/docassemble/local3.12/bin/pip install --no-cache-dir /tmp/dist/parcours-*-py3-none-any.whl \
 && /usr/share/docassemble/local3.12/bin/pip check
USER root
RUN rm -rf /tmp/dist
# parcours's deployment settings (start page, words, security switches, Celery modules), from the
# installed package: appended to the template the image makes config.yml from at its first start
# (the YAML reader keeps the last of two equal keys). A config.yml already on the volume does not
# change: merge `python -m docassemble.parcours.deploy config` into it by hand.
RUN /usr/share/docassemble/local3.12/bin/python -m docassemble.parcours.deploy config \
      >> /usr/share/docassemble/config/config.yml.dist

# The web server serves docassemble's app with parcours's request hooks (security headers,
# limits, session rotation, sealed Celery messages): docassemble.parcours.webapp, not
# docassemble.webapp.run. The image writes its uwsgi ini files from these templates at start.
RUN for f in /usr/share/docassemble/config/docassemble*.ini.dist /usr/share/docassemble/config/*uwsgi*.ini; do \
      [ -f "$f" ] && sed -i -e 's/^module = docassemble\.webapp\.run$/module = docassemble.parcours.webapp/' \
                             -e 's#=docassemble\.webapp\.run:application#=docassemble.parcours.webapp:application#' "$f"; \
    done; true

# The key that seals Celery messages (docassemble.parcours.sealed) lives in RAM, made at each
# start of the container and readable by www-data only; with several containers (web, celery),
# give them all the same PARCOURS_CELERY_KEY from your orchestrator's secret store instead.
# Celery beat runs the retention purge (docassemble.parcours.schedule); with several containers,
# keep it in one only (remove parcours-beat from the web containers' supervisor configuration).
RUN printf '%s\n' \
      '[program:parcours-key]' \
      'command=/bin/sh -c "umask 077; mkdir -p /dev/shm/parcours && [ -s /dev/shm/parcours/celery.key ] || /usr/share/docassemble/local3.12/bin/python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\" > /dev/shm/parcours/celery.key; chown -R www-data:www-data /dev/shm/parcours"' \
      'priority=1' 'startsecs=0' 'autorestart=false' \
      '' \
      '[program:parcours-roles]' \
      'command=/bin/sh -c "for i in $(seq 60); do /usr/share/docassemble/local3.12/bin/python -m docassemble.parcours.deploy roles && exit 0; sleep 10; done; exit 1"' \
      'user=www-data' 'environment=DA_CONFIG_FILE="/usr/share/docassemble/config/config.yml",HOME="/var/www"' \
      'priority=900' 'startsecs=0' 'autorestart=false' \
      '' \
      '[program:parcours-beat]' \
      'command=/usr/share/docassemble/local3.12/bin/celery -A docassemble.webapp.worker beat --schedule /tmp/parcours-celerybeat-schedule --loglevel WARNING' \
      'user=www-data' 'environment=DA_CONFIG_FILE="/usr/share/docassemble/config/config.yml",PARCOURS_CELERY_KEY_FILE="/dev/shm/parcours/celery.key",HOME="/var/www"' \
      'autostart=true' 'autorestart=true' \
      '' \
      '[program:parcours-converter]' \
      'command=/usr/bin/python3 -m unoserver.server --interface 127.0.0.1 --uno-interface 127.0.0.1 --port 2003 --uno-port 2002 --conversion-timeout 60 --user-installation /tmp/parcours-converter-profile' \
      'user=www-data' 'environment=PYTHONPATH="/opt/parcours/converter",SAL_USE_VCLPLUGIN="svp",HOME="/var/www"' \
      'autostart=true' 'autorestart=true' 'stopasgroup=true' 'killasgroup=true' \
      > /etc/supervisor/conf.d/parcours.conf
ENV PARCOURS_CELERY_KEY_FILE=/dev/shm/parcours/celery.key
# Where the document code finds the warm converter (docassemble's Celery worker makes the
# documents); when it is down, letters fall back to a cold LibreOffice, slower but made.
ENV PARCOURS_CONVERTER=127.0.0.1:2003

# Add to the server's configuration by hand only what is each server's own:
#   behind https load balancer: True          (when a TLS proxy sets X-Real-Ip)
#   redis: redis://:PASSWORD@host:6379        (Redis with requirepass; never an open Redis)
# Retention: PARCOURS_RETENTION_KIOSK_HOURS, PARCOURS_RETENTION_CASE_DAYS, PARCOURS_DOCUMENTS_KEEP_HOURS,
# PARCOURS_PURGE_EVERY in the containers' environment (docassemble.parcours.retention, .schedule).
# Every service of this image runs as www-data, except supervisord and cron (the base image's).
