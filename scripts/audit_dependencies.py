"""Dependency audit, run by .ci/run before the tests: pip-audit on .venv.

First it checks that the advisory source answers: OSV's API (pip-audit's
``osv`` service; the repository names no package registry's host, so the
registry's own service is not probed). If it does, every installed
distribution (the portal's own, editable, is skipped) is looked up in it. With none, pip-audit is not run at all: the script says plainly that
nothing was audited. Exit status:

- 0 only when every installed package was audited and none has a known
  vulnerability outside ``IGNORED``;
- 1 when any has one: upgrade it (raise its floor in pyproject.toml), or,
  only when no fixed release exists, add its id to ``IGNORED`` with the
  reason;
- 2 when pip-audit itself fails;
- 3 when the audit could not be done, or not for every package ("NOT
  AUDITED" / "INCOMPLETE"): not a pass. .ci/run prints a banner and goes on
  to the tests; with ``PIP_AUDIT_REQUIRED=true`` (where the data is always
  reachable) it is 2 and fails the run.

Usage: .venv/bin/python scripts/audit_dependencies.py
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
TIMEOUT_SECONDS = 120
PROBE_TIMEOUT_SECONDS = 10
NOT_AUDITED = 3
# Where each pip-audit vulnerability service gets its data, and a request
# that must answer if it is reachable.
SOURCES = {
    "osv": (
        "POST",
        "https://api.osv.dev/v1/query",
        b'{"package": {"name": "pip", "ecosystem": "PyPI"}}',
    ),
}

# Known vulnerabilities accepted for now: {id: why, and until when}. Keep empty
# unless no fixed release exists.
IGNORED: dict[str, str] = {}


def source_reachable(service: str) -> tuple[bool, str]:
    """Whether ``service``'s advisory data answers; (False, why) if not."""
    method, url, body = SOURCES[service]
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read())
        if "vulns" not in answer and answer != {}:
            return False, f"{url}: no vulnerability data in the answer"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"{url}: {getattr(error, 'reason', error)}"
    return True, ""


def command(service: str = "osv") -> list[str]:
    ignores = [arg for vuln in sorted(IGNORED) for arg in ("--ignore-vuln", vuln)]
    return [
        str(PIP_AUDIT),
        "--vulnerability-service",
        service,
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
    editable = [d for d in dependencies if "editable" in d.get("skip_reason", "")]
    skipped = [d for d in dependencies if "skip_reason" in d and d not in editable]
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
    if editable:
        lines.append(f"Not on PyPI, not audited: {', '.join(d['name'] for d in editable)}")
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
    not_done = 2 if required else NOT_AUDITED
    if not audited:
        lines.append(
            "NOT AUDITED: the vulnerability data could not be reached for any "
            f"package: none of the {len(skipped)} installed packages was checked."
        )
        return not_done, lines
    if skipped:
        lines.append(
            f"INCOMPLETE: {len(audited)} packages audited with no known "
            f"vulnerabilities, {len(skipped)} not audited. This is not a pass."
        )
        return not_done, lines
    lines.append(f"OK: all {len(audited)} packages audited, no known vulnerabilities.")
    return 0, lines


def main() -> int:
    required = os.environ.get("PIP_AUDIT_REQUIRED", "").lower() in ("1", "true", "yes")
    reasons = []
    for service in SOURCES:
        reachable, why = source_reachable(service)
        if reachable:
            break
        reasons.append(why)
    else:
        print(
            "NOT AUDITED: no vulnerability data source could be reached ("
            + "; ".join(reasons)
            + "). No package was checked."
        )
        return 2 if required else NOT_AUDITED
    print(f"Auditing against {service} ({SOURCES[service][1]}).")
    try:
        result = subprocess.run(
            command(service),
            check=False,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        print(f"NOT AUDITED: pip-audit took over {TIMEOUT_SECONDS} s.")
        return 2 if required else NOT_AUDITED
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
