"""Layer rules of DESIGN.md, checked on every import in the package.

import-linter (contracts in pyproject.toml) checks that layers point down and that the core
imports no GUI, PDF or spelling library; the AST check below adds what import-linter cannot
see (it squashes external packages): QtWidgets only in ui/, Qt only in ui/ and render/qt.py,
ReportLab only in render/pdf.py and export/, enchant only in the one spelling module.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "epaperdesk"

RANKS = {
    "geometry": 0,
    "atomic": 0,
    "resources": 0,
    "model": 1,
    "typeset": 2,
    "io": 3,
    "proof": 4,
    "render": 5,
    "export": 6,
    "ui": 7,
    "cli": 8,
}


def layer_of(relative: str) -> str | None:
    first = relative.split("/")[0].removesuffix(".py")
    return first if first in RANKS else None


def imports_of(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import statement, relative imports excluded."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def violations(relative: str, source: str) -> list[str]:
    """Every layer rule that the module at `relative` (path inside epaperdesk/) breaks."""
    problems = []
    layer = layer_of(relative)
    for line, module in imports_of(source):
        top = module.split(".")[0]
        where = f"epaperdesk/{relative}:{line} imports {module}"
        if module.startswith("PySide6.QtWidgets") and layer != "ui":
            problems.append(f"{where}: QtWidgets belongs to ui/ only")
        elif top in ("PySide6", "shiboken6") and layer != "ui" and relative != "render/qt.py":
            problems.append(f"{where}: Qt belongs to ui/ and render/qt.py only")
        if top == "reportlab" and layer != "export" and relative != "render/pdf.py":
            problems.append(f"{where}: ReportLab belongs to render/pdf.py and export/ only")
        if top == "enchant" and not (layer == "proof" and Path(relative).stem.startswith("spelling")):
            problems.append(f"{where}: enchant belongs to the spelling backend only")
        if top == "epaperdesk" and layer is not None:
            target = layer_of("/".join(module.split(".")[1:2]))
            if target is not None and RANKS[target] > RANKS[layer]:
                problems.append(f"{where}: {layer} must not import the higher layer {target}")
    return problems


def package_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")


def test_every_module_keeps_the_layer_rules():
    problems = [p for relative, source in package_modules() for p in violations(relative, source)]
    assert problems == []


def test_enchant_is_imported_by_one_module_at_most():
    users = [r for r, s in package_modules() if any(m.split(".")[0] == "enchant" for _, m in imports_of(s))]
    assert len(users) <= 1, users


def test_the_checker_catches_each_kind_of_violation():
    assert violations("model/story.py", "from PySide6.QtCore import QPointF")
    assert violations("typeset/flow.py", "import reportlab.pdfgen")
    assert violations("render/qt.py", "from PySide6.QtWidgets import QWidget")
    assert not violations("render/qt.py", "from PySide6.QtGui import QPainter")
    assert violations("render/qt.py", "import reportlab")
    assert not violations("export/print_pdf.py", "from reportlab.pdfgen import canvas")
    assert violations("proof/marks.py", "import enchant")
    assert not violations("proof/spelling.py", "import enchant")
    assert violations("model/edits.py", "from epaperdesk.io import epd")
    assert violations("io/epd.py", "import epaperdesk.ui.canvas")
    assert not violations("io/epd.py", "from epaperdesk.model.edition import Edition")
    assert not violations("ui/window.py", "from PySide6.QtWidgets import QMainWindow")


def test_import_linter_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is not installed"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
