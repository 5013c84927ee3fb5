# Sourced by scripts/run.sh, scripts/test.sh, scripts/replicas.sh and .ci/run (from the repository root):
#   ensure_venv [EXTRA]   make .venv (once) and `pip install -e .[EXTRA]` only when pyproject.toml changed since
#                         the last install of that EXTRA (a stamp file in .venv holds the hash), so a later start
#                         does not ask the package index again.
#   note_missing_tools    say which optional system programs are missing and what needs them.
# PYTHON chooses the interpreter that makes the venv (default python3; 3.11 or newer).

ensure_venv() {
  local extra="${1:-}" py="${PYTHON:-python3}" spec="." stamp hash
  if [ ! -x .venv/bin/python ]; then
    if ! command -v "$py" >/dev/null 2>&1; then
      echo "error: $py not found: install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)" >&2
      return 1
    fi
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "error: Python 3.11 or newer is needed; $py is $("$py" -V 2>&1). Set PYTHON=python3.11 (or newer)." >&2
      return 1
    fi
    if ! "$py" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      echo "error: '$py -m venv' failed. On Debian/Ubuntu the venv module is a separate package:" >&2
      echo "       sudo apt-get install python3-venv    (then run this command again)" >&2
      return 1
    fi
  fi
  [ -n "$extra" ] && spec=".[$extra]"
  stamp=".venv/.installed-${extra:-base}"
  hash="$(cksum < pyproject.toml)"
  # The test extra includes every base dependency, so its stamp stands for the base install too.
  if [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ] || { [ -z "$extra" ] && [ "$(cat .venv/.installed-test 2>/dev/null)" = "$hash" ]; }; then
    return 0
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
  echo "$hash" > "$stamp"
}

note_missing_tools() {
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    echo "note: chromium is not installed: PNG/SVG chart downloads, the slide deck's charts and the browser tests" \
         "need it (Debian: sudo apt-get install chromium fonts-noto-core)" >&2
  fi
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "note: nginx is not installed: the replica tests (tests/tools/test_replicas.py) skip and" \
         "scripts/replicas.sh cannot start (Debian: sudo apt-get install nginx)" >&2
  fi
}
