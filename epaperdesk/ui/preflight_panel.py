"""The Preflight dock: the chosen profile's findings as the user works (a status-bar light
says how many), click to go there; and the profile editor, which saves an edited copy of a
profile in the user's folder."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.export.preflight import (
    RULES,
    SEVERITIES,
    Finding,
    Profile,
    ProfileError,
    list_profiles,
    load_profile,
    parse_profile,
    run_preflight,
    save_user_profile,
    summary,
)
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.ui.document import Document
from epaperdesk.ui.fields import fit_columns
from epaperdesk.ui.panel import DocumentPanel

COLOURS = {"error": QColor(200, 0, 0), "warning": QColor(190, 120, 0), "info": QColor(90, 90, 90)}
ROLE = Qt.ItemDataRole.UserRole


class PreflightPanel(DocumentPanel):
    locate = Signal(object)  # a Finding
    changed = Signal(str, str)  # summary text, worst severity ("" when clean)
    profile_changed = Signal(object)  # the Profile chosen (or None)

    def __init__(self, document: Document, checker: SpellChecker, parent: QWidget | None = None) -> None:
        super().__init__(document, 800, parent)  # a check of the whole edition once the user pauses
        self.checker = checker
        self.findings: list[Finding] = []
        self.profile: Profile | None = None
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName("Preflight profile")
        self.profile_box.activated.connect(lambda _: self._choose(self.profile_box.currentText()))
        edit = QPushButton("Copy and Edit…")
        edit.setToolTip("Edit the profile's rules and save them as your own copy")
        edit.clicked.connect(self.edit_profile)
        top = QHBoxLayout()
        top.addWidget(self.profile_box, 1)
        top.addWidget(edit)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["", "Page", "Rule", "Finding"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Preflight findings")
        self.tree.itemClicked.connect(lambda item, _c=0: self.locate.emit(item.data(0, ROLE)))
        self.tree.itemActivated.connect(lambda item, _c=0: self.locate.emit(item.data(0, ROLE)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.tree, 1)
        self._fill_profiles("newsprint")

    def _fill_profiles(self, wanted: str) -> None:
        names = list(list_profiles())
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItems(names)
        self.profile_box.setCurrentText(wanted if wanted in names else (names[0] if names else ""))
        self.profile_box.blockSignals(False)
        self._choose(self.profile_box.currentText(), refresh=False)

    def _choose(self, name: str, refresh: bool = True) -> None:
        try:
            self.profile = load_profile(name) if name else None
        except ProfileError as error:
            self.profile = None
            self.message.emit(str(error))
        self.description.setText(self.profile.description if self.profile else "No preflight profile")
        self.profile_changed.emit(self.profile)
        if refresh:
            self.refresh()

    def forget(self) -> None:
        self.findings = []
        self.tree.clear()

    def refresh(self) -> None:
        self._timer.stop()
        if self.profile is None:
            self.findings = []
        else:
            self.findings = run_preflight(self.document.edition, self.document.layout, self.profile, self.checker)
        self.tree.clear()
        for finding in self.findings:
            item = QTreeWidgetItem(
                ["●", str(finding.page or "–"), RULES.get(finding.rule, finding.rule), finding.message]
            )
            item.setForeground(0, COLOURS[finding.severity])
            item.setToolTip(0, finding.severity)
            item.setData(0, ROLE, finding)
            self.tree.addTopLevelItem(item)
        fit_columns(self.tree, stretch=3)
        worst = next((s for s in SEVERITIES if any(f.severity == s for f in self.findings)), "")
        self.changed.emit(summary(self.findings), worst)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def edit_profile(self) -> None:
        if self.profile is None:
            return
        dialog = ProfileDialog(self.profile, self)
        if not dialog.exec():
            return
        name, ok = QInputDialog.getText(self, "Save Profile", "Save your copy as:", text=self.profile_box.currentText())
        if not ok or not name.strip():
            return
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.strip().lower())
        try:
            save_user_profile(dialog.result_profile(), stem)
        except (OSError, ProfileError) as error:
            self.message.emit(f"Cannot save the profile: {error}")
            return
        self._fill_profiles(stem)
        self.refresh()


class ProfileDialog(QDialog):
    """A profile's rules: on or off, severity, and their settings (as JSON values)."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preflight Profile: {profile.name}")
        self.profile = copy.deepcopy(profile)
        self.name_edit = QLineEdit(profile.name)
        self.refuse_box = QCheckBox("Refuse to export when there are errors")
        self.refuse_box.setChecked(profile.on_error == "refuse")
        self.table = QTableWidget(len(RULES), 4)
        self.table.setHorizontalHeaderLabels(["Rule", "On", "Severity", "Settings"])
        self.table.verticalHeader().hide()
        self._rows: list[tuple[str, QCheckBox, QComboBox, QTableWidgetItem]] = []  # rule, on, severity, settings
        for row, (rule, label) in enumerate(RULES.items()):
            settings = self.profile.rules.get(rule, {"severity": "warning", "enabled": False})
            name_item = QTableWidgetItem(label)
            name_item.setData(ROLE, rule)
            self.table.setItem(row, 0, name_item)
            on = QCheckBox()
            on.setChecked(rule in self.profile.rules and settings.get("enabled", True))
            self.table.setCellWidget(row, 1, on)
            severity = QComboBox()
            severity.addItems(list(SEVERITIES))
            severity.setCurrentText(settings.get("severity", "warning"))
            self.table.setCellWidget(row, 2, severity)
            extra = {k: v for k, v in settings.items() if k not in ("severity", "enabled")}
            settings_item = QTableWidgetItem(json.dumps(extra, ensure_ascii=False))
            self.table.setItem(row, 3, settings_item)
            self._rows.append((rule, on, severity, settings_item))
        self.table.resizeColumnsToContents()
        self.status = QLabel("")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Name"))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.refuse_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(820, 620)

    def result_profile(self) -> Profile:
        return self.profile

    def _accept(self) -> None:
        rules = {}
        for rule, on, severity, settings_item in self._rows:
            try:
                extra = json.loads(settings_item.text() or "{}")
                if not isinstance(extra, dict):
                    raise ValueError("settings are a JSON object")
            except ValueError as error:
                self.status.setText(f"{RULES[rule]}: the settings are not valid JSON ({error})")
                return
            rules[rule] = {
                "severity": severity.currentText(),
                "enabled": on.isChecked(),
                **extra,
            }
        try:
            self.profile = parse_profile(
                json.dumps(
                    {
                        "name": self.name_edit.text().strip() or self.profile.name,
                        "description": self.profile.description,
                        "on_error": "refuse" if self.refuse_box.isChecked() else "warn",
                        "rules": rules,
                    }
                )
            )
        except ProfileError as error:
            self.status.setText(str(error))
            return
        self.accept()
