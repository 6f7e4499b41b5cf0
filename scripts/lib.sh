# Shared shell helpers: one clear line per failure, timing per phase.
step() { printf '\033[1m[parcours]\033[0m %s\n' "$*"; }
die()  { printf '\033[31m[parcours] error:\033[0m %s\n' "$*" >&2; exit 1; }
