# Production image: the official docassemble image, plus parcours and the fonts its documents need.
# No Docker engine runs on the development machines, so this file is kept minimal and is not
# built in CI; the same stack is installed natively by `make run` and tested by `make test`.
#
#   docker build -t parcours .
#   docker run -d -p 80:80 --env-file parcours.env -v dabackup:/usr/share/docassemble/backup parcours
#
# The image tag must match the pinned Python package (docassemble.webapp==1.10.13): check it
# against the docassemble changelog when upgrading, and bump pyproject.toml in the same commit.
ARG DOCASSEMBLE_TAG=1.10.13
FROM jhpyle/docassemble:${DOCASSEMBLE_TAG}

USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      fonts-noto-core fonts-hosny-amiri fonts-sil-abyssinica fonts-sil-scheherazade espeak-ng \
 && rm -rf /var/lib/apt/lists/*

# The extension serves interviews/ and templates/ through symlinks; cp -L makes real copies so
# the installed (non-editable) package carries them.
COPY --chown=www-data:www-data . /tmp/parcours-src
RUN cp -rL /tmp/parcours-src /tmp/parcours && rm -rf /tmp/parcours-src /tmp/parcours/.venv /tmp/parcours/var
USER www-data
RUN /usr/share/docassemble/local3.12/bin/pip install --no-cache-dir /tmp/parcours \
 && /usr/share/docassemble/local3.12/bin/pip check
USER root
RUN rm -rf /tmp/parcours

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
      '[program:parcours-beat]' \
      'command=/usr/share/docassemble/local3.12/bin/celery -A docassemble.webapp.worker beat --schedule /tmp/parcours-celerybeat-schedule --loglevel WARNING' \
      'user=www-data' 'environment=DA_CONFIG_FILE="/usr/share/docassemble/config/config.yml",PARCOURS_CELERY_KEY_FILE="/dev/shm/parcours/celery.key",HOME="/var/www"' \
      'autostart=true' 'autorestart=true' \
      > /etc/supervisor/conf.d/parcours.conf
ENV PARCOURS_CELERY_KEY_FILE=/dev/shm/parcours/celery.key

# Add to the server's configuration (config.yml on the volume; configuration editing is off):
#   dispatch: {guide: ..., kiosk: ..., cases: ..., rules: ..., statistics: ..., demo: ...}  (as scripts/stack.py)
#   words: ["docassemble.base:data/sources/fr-words.yml", ...]
#   enable playground: False
#   allow updates: False
#   allow configuration editing: False
#   developer can install: False
#   restrict input variables: True
#   celery modules: [docassemble.parcours.sealed, docassemble.parcours.schedule]
#   behind https load balancer: True          (when a TLS proxy sets X-Real-Ip)
#   redis: redis://:PASSWORD@host:6379        (Redis with requirepass; never an open Redis)
# Every service of this image runs as www-data, except supervisord and cron (the base image's).
