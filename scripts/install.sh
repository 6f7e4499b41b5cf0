#!/usr/bin/env bash
# Installs everything parcours needs on a Debian 12 / Ubuntu 24.04 machine, idempotently:
# Debian packages, a Python 3.12 venv with docassemble and this project, locales and the
# offline NLTK data docassemble imports. Nothing here downloads at run time: this is the
# only step that talks to the package registries.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"

VAR="$ROOT/var"
VENV="$ROOT/.venv"
mkdir -p "$VAR"

# --- Debian packages -------------------------------------------------------------------
APT_PACKAGES=(
  # build deps of python-ldap, and libzbar that docassemble.base.util imports
  libldap2-dev libsasl2-dev libzbar0 libpq-dev
  # the stack
  postgresql redis-server
  # make backup / make restore: archives encrypted with age
  age
  # make scale-drill: the load balancer in front of two web servers
  haproxy
  # offline WordNet for docassemble's pattern library
  wordnet-base wordnet-sense-index
  # DOCX -> PDF, and pandoc which docassemble checks for; python3-uno for the warm converter
  libreoffice-writer-nogui python3-uno pandoc poppler-utils
  # WeasyPrint (checklist PDF: HarfBuzz shaping through Pango)
  libpango-1.0-0 libpangoft2-1.0-0
  # fonts for Arabic-script and Ethiopic documents and pages
  fonts-noto-core fonts-hosny-amiri fonts-sil-abyssinica fonts-sil-scheherazade
  # browser tests and read-aloud
  chromium espeak-ng
  locales
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing system packages (${missing[*]}) and no apt-get: install them with your package manager"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing system packages (${missing[*]}): run 'make install' as root or install sudo"
    SUDO="sudo"
  fi
  step "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq >"$VAR/apt.log" 2>&1 || die "apt-get update failed (see var/apt.log): check the network access to the Debian mirror"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$VAR/apt.log" 2>&1 \
    || die "could not install ${missing[*]} (see var/apt.log): install them by hand with apt-get, then run make again"
fi

# --- Python 3.12 -----------------------------------------------------------------------
find_python() {
  local c
  for c in "${PARCOURS_PYTHON:-}" python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys, venv; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  return 1
}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
  PY="$(find_python)" || die "Python 3.12 not found (docassemble 1.10.13 needs it): install python3.12 and python3.12-venv, or set PARCOURS_PYTHON=/path/to/python3.12"
  step "creating the venv with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

# --- Python packages (skipped when pyproject.toml has not changed) ----------------------
stamp="$VAR/.pip-$(sha1sum "$ROOT/pyproject.toml" | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  step "installing docassemble.webapp 1.10.13 and parcours into .venv (about 2 minutes the first time)"
  "$VENV/bin/pip" install -q --upgrade pip >"$VAR/pip.log" 2>&1 || true
  "$VENV/bin/pip" install -e "$ROOT[server,test]" >>"$VAR/pip.log" 2>&1 \
    || die "pip install failed (see var/pip.log): check access to the package registry"
  "$VENV/bin/pip" check >>"$VAR/pip.log" 2>&1 || die "dependency conflict with docassemble's pins (see var/pip.log)"
  rm -f "$VAR"/.pip-*; touch "$stamp"
fi

# --- The warm DOCX -> PDF converter (unoserver, started by scripts/stack.py) --------------
# It runs on the system python3, the one Debian's python3-uno is built for (the venv's 3.12
# cannot import LibreOffice's uno), from a folder of its own holding only unoserver.
UNOSERVER_VERSION=3.7
CONVERTER="$VENV/converter"
if [ ! -d "$CONVERTER/unoserver-$UNOSERVER_VERSION.dist-info" ]; then
  step "installing unoserver $UNOSERVER_VERSION for the warm DOCX -> PDF converter"
  rm -rf "$CONVERTER"
  "$VENV/bin/pip" install -q --no-deps --target "$CONVERTER" "unoserver==$UNOSERVER_VERSION" >>"$VAR/pip.log" 2>&1 \
    || die "pip install unoserver failed (see var/pip.log): check access to the package registry"
fi
/usr/bin/python3 -c 'import uno' 2>/dev/null || die "LibreOffice's Python bridge is missing: apt-get install python3-uno"

# --- Locales (private folder, LOCPATH; the system is not touched) ----------------------
LOC="$VAR/locale"
for l in en_US fr_FR fr_BE nl_BE; do
  if [ ! -d "$LOC/$l.UTF-8" ]; then
    mkdir -p "$LOC"
    localedef -i "$l" -f UTF-8 "$LOC/$l.UTF-8" 2>/dev/null || die "localedef could not build $l.UTF-8: install the 'locales' package"
    ln -sfn "$l.UTF-8" "$LOC/$l.utf8"
  fi
done

# --- Offline NLTK data (docassemble's pattern library would download WordNet on import) --
NLTK="$VAR/nltk_data"
if [ ! -f "$NLTK/.ready" ]; then
  "$VENV/bin/python" "$ROOT/scripts/nltk_offline.py" "$NLTK"
  touch "$NLTK/.ready"
fi

# --- git diff of a letter template shows its text, not "Binary files differ" (.gitattributes) --
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$ROOT" config diff.docx.textconv "$VENV/bin/python $ROOT/scripts/docx2txt.py"
fi

# --- Playwright's driver ships inside its wheel; the browser is Debian's chromium -------
command -v chromium >/dev/null || die "chromium missing: apt-get install chromium"
step "install complete"
