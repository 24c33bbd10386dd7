"""The dependency audit CI runs before the tests (scripts/audit_dependencies.py):
what fails the run, and that pip-audit accepts its command line."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "setuptools",
    "version": "65.5.0",
    "vulns": [
        {
            "id": "PYSEC-2022-43012",
            "fix_versions": ["65.5.1"],
            "aliases": ["CVE-2022-40897"],
        }
    ],
}
SKIPPED = {"name": "leicester-sl", "skip_reason": "editable"}
UNREACHABLE = {"name": "redis", "skip_reason": "Dependency not found on PyPI"}


def test_a_known_vulnerability_fails_the_run_and_says_how_to_fix_it():
    status, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE]})

    assert status == 1
    assert lines[0] == (
        "VULNERABLE setuptools 65.5.0: PYSEC-2022-43012 (CVE-2022-40897); fixed in 65.5.1"
    )
    assert lines[-1].startswith("FAIL: 1 of 2 audited packages")


def test_no_known_vulnerability_passes_naming_what_was_not_audited():
    status, lines = audit.verdict({"dependencies": [CLEAN, SKIPPED]})

    assert status == 0
    assert lines == [
        "Not on PyPI, not audited: leicester-sl",
        "OK: all 1 packages audited, no known vulnerabilities.",
    ]


@pytest.mark.parametrize("required, expected", [(False, 3), (True, 2)])
def test_packages_that_could_not_be_audited_are_not_a_pass(required, expected):
    status, lines = audit.verdict({"dependencies": [CLEAN, UNREACHABLE]}, required=required)

    assert status == expected
    assert lines[-1].startswith("INCOMPLETE: 1 packages audited")
    assert "not a pass" in lines[-1]


def test_with_no_advisory_source_reachable_nothing_is_called_audited(monkeypatch, capsys):
    monkeypatch.setattr(
        audit, "source_reachable", lambda service: (False, f"{service}: unreachable")
    )
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: pytest.fail("pip-audit run"))

    status = audit.main()

    output = capsys.readouterr().out
    assert status == 3
    assert output.startswith("NOT AUDITED: no vulnerability data source could be reached")
    assert "OK" not in output


def test_ci_says_plainly_when_the_audit_was_not_done():
    run = (ROOT / ".ci" / "run").read_text()

    assert "DEPENDENCY AUDIT NOT DONE" in run
    assert 'if [ "$audit_status" = 3 ]' in run


@pytest.mark.parametrize("required, expected", [(False, 3), (True, 2)])
def test_unreachable_vulnerability_data_warns_or_fails_when_required(required, expected):
    status, lines = audit.verdict({"dependencies": [SKIPPED, UNREACHABLE]}, required=required)

    assert status == expected
    assert lines[-1].startswith(
        "NOT AUDITED: the vulnerability data could not be reached for any package"
    )


def test_ignored_vulnerabilities_are_passed_to_pip_audit(monkeypatch):
    monkeypatch.setattr(audit, "IGNORED", {"GHSA-xxxx": "no fix yet"})

    command = audit.command()

    assert command[command.index("--ignore-vuln") + 1] == "GHSA-xxxx"
    assert {"--skip-editable", "osv", "json"} <= set(command)


def test_pip_audit_accepts_the_command_line():
    # --dry-run collects the installed packages but asks no vulnerability service.
    result = subprocess.run(
        [*audit.command(), "--dry-run"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
