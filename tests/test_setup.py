"""The set-up that `make run` and `make test` share."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_setup_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(ROOT / "scripts" / "setup.sh")]).returncode == 0


def test_second_setup_installs_nothing():
    """Set-up is idempotent: run again on a set-up machine, it only checks."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    result = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stdout, result.stdout


def test_setup_without_root_or_sudo_stops_with_a_clear_message(tmp_path):
    """With packages missing and neither root nor sudo, the script names them and stops."""
    fakebin = tmp_path / "bin"
    fakebin.mkdir()
    (fakebin / "id").write_text("#!/bin/sh\necho 1000\n")
    (fakebin / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")  # nothing installed
    (fakebin / "sudo").write_text("#!/bin/sh\nexit 1\n")  # sudo refuses
    for tool in fakebin.iterdir():
        tool.chmod(0o755)
    env = dict(os.environ, PATH=f"{fakebin}:{os.environ['PATH']}")
    result = subprocess.run(
        ["bash", "scripts/setup.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "needs root or sudo, and neither is available" in result.stderr
    assert "libenchant-2-2" in result.stderr and "hunspell-en-gb" in result.stderr


def test_dependencies_have_bounded_ranges():
    text = (ROOT / "pyproject.toml").read_text()
    block = text[text.index("dependencies = [") : text.index("]", text.index("dependencies = ["))]
    requirements = re.findall(r'^\s*"([^"]+)"', block, re.MULTILINE)
    assert len(requirements) >= 9
    for requirement in requirements:
        assert ">=" in requirement and "<" in requirement.replace("<=", ""), requirement


def test_ci_runs_make_test_only():
    lines = [
        line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    assert lines[-1].strip() == "make test"
