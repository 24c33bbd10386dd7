# Sourced by the other scripts: create (or reuse) .venv and install the portal.
# Usage: . scripts/_venv.sh [extras]   e.g. ". scripts/_venv.sh test"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras="${1:-}"
# The newest supported Python present (3.11 to 3.13). Each candidate is run,
# not only looked up: a pyenv shim exists for versions that are not selected.
pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' \
        >/dev/null 2>&1; then
      echo "$candidate"
      return
    fi
  done
  echo "Python 3.11, 3.12 or 3.13 is needed (python3.13, python3.12, python3.11 or python3)." >&2
  exit 1
}
if [ ! -x .venv/bin/python ]; then
  "$(pick_python)" -m venv .venv
fi
# Which Python the scripts use: the one picked when .venv was made (an existing
# .venv is reused as it is; delete it to pick again).
echo "Using $(readlink -f .venv/bin/python) (Python $(.venv/bin/python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'))"
stamp=".venv/.installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # setuptools too: the one a new venv gets (65.5 with Python 3.11) has known
  # vulnerabilities, which the dependency audit (.ci/run) reports.
  .venv/bin/python -m pip install --quiet --upgrade pip setuptools
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
