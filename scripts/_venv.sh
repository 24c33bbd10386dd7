# Sourced by the other scripts: create (or reuse) .venv and install the portal.
# Usage: . scripts/_venv.sh [extras]   e.g. ". scripts/_venv.sh test"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras="${1:-}"
pick_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"
      return
    fi
  done
  echo "Python 3.11 is needed (python3.11 or python3 at 3.11)." >&2
  exit 1
}
if [ ! -x .venv/bin/python ]; then
  "$(pick_python)" -m venv .venv
fi
stamp=".venv/.installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # setuptools too: the one a new venv gets (65.5 with Python 3.11) has known
  # vulnerabilities, which the dependency audit (.ci/run) reports.
  .venv/bin/python -m pip install --quiet --upgrade pip setuptools
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
