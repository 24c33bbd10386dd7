"""Dependency audit, run by .ci/run before the tests: pip-audit on .venv.

Every installed distribution (the portal's own, editable, is not on PyPI and
is skipped) is looked up in PyPI's vulnerability data
(``--vulnerability-service pypi``: PyPI is the one registry CI reaches; OSV's
API is not reachable). Exit status:

- 1 when any has a known vulnerability not in ``IGNORED``: upgrade it (raise
  its floor in pyproject.toml), or, only when no fixed release exists, add
  its id to ``IGNORED`` with the reason;
- 2 when pip-audit itself fails, or when nothing could be audited and
  ``PIP_AUDIT_REQUIRED=true``;
- 0 otherwise. If the vulnerability data could not be reached for some or
  all packages, it says so loudly, naming them, but does not fail (set
  ``PIP_AUDIT_REQUIRED=true`` where the data is always reachable).

Usage: .venv/bin/python scripts/audit_dependencies.py
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
TIMEOUT_SECONDS = 120

# Known vulnerabilities accepted for now: {id: why, and until when}. Keep empty
# unless no fixed release exists.
IGNORED: dict[str, str] = {}


def command() -> list[str]:
    ignores = [arg for vuln in sorted(IGNORED) for arg in ("--ignore-vuln", vuln)]
    return [
        str(PIP_AUDIT),
        "--vulnerability-service",
        "pypi",
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        *ignores,
    ]


def verdict(report: dict, *, required: bool = False) -> tuple[int, list[str]]:
    """The exit status and the lines to print for pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency['version']}: "
                f"{vuln['id']}{f' ({aliases})' if aliases else ''}; fixed in {fixed}"
            )
    if skipped:
        names = ", ".join(f"{d['name']}" for d in skipped)
        lines.append(f"Could not be audited ({len(skipped)}): {names}")
    if vulnerable:
        lines.append(
            f"FAIL: {len(vulnerable)} of {len(audited)} audited packages have known "
            "vulnerabilities. Upgrade them, or see IGNORED in "
            "scripts/audit_dependencies.py."
        )
        return 1, lines
    if not audited:
        lines.append(
            "WARNING: PyPI's vulnerability data could not be reached for any "
            f"package: none of the {len(skipped)} installed packages was audited."
        )
        return (2 if required else 0), lines
    lines.append(f"OK: {len(audited)} packages audited, no known vulnerabilities.")
    return 0, lines


def main() -> int:
    required = os.environ.get("PIP_AUDIT_REQUIRED", "").lower() in ("1", "true", "yes")
    try:
        result = subprocess.run(
            command(),
            check=False,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        print(f"WARNING: pip-audit took over {TIMEOUT_SECONDS} s: not audited.")
        return 2 if required else 0
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        print(f"FAIL: pip-audit exited {result.returncode} without a report.")
        return 2
    status, lines = verdict(report, required=required)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
