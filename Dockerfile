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
# Add to the server's configuration (Configuration page, or a config.yml on the volume):
#   dispatch: {demo: "docassemble.parcours:data/questions/demo.yml"}
#   words: ["docassemble.base:data/sources/fr-words.yml"]
#   enable playground: False
