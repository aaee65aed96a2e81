# The two commands of the README: `make run` and `make test`. Both set everything up first.
VENV := .venv
PY := $(VENV)/bin/python
SAMPLE := resources/samples/meridian-weekly.epd

.PHONY: setup run test lint typecheck pytest bench soak sample install-desktop dist clean
DATA_HOME ?= $(if $(XDG_DATA_HOME),$(XDG_DATA_HOME),$(HOME)/.local/share)

setup:
	@bash scripts/setup.sh

run: setup
	$(VENV)/bin/epaperdesk $(SAMPLE)

# Every test, after the lint, format and type checks (each stops the run when it fails).
test: setup lint typecheck pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

# Thousands of random window operations; memory over time and validity (not part of CI).
soak: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/soak.py 5000

# Menu entry, icon, .epd file type and AppStream data for the current user; opens .epd files
# with this checkout's EpaperDesk.
install-desktop: setup
	mkdir -p $(DATA_HOME)/applications $(DATA_HOME)/icons/hicolor/scalable/apps $(DATA_HOME)/mime/packages $(DATA_HOME)/metainfo
	sed 's|^Exec=epaperdesk|Exec=$(CURDIR)/$(VENV)/bin/epaperdesk|' packaging/epaperdesk.desktop > $(DATA_HOME)/applications/epaperdesk.desktop
	cp packaging/epaperdesk.svg $(DATA_HOME)/icons/hicolor/scalable/apps/epaperdesk.svg
	cp packaging/epaperdesk-mime.xml $(DATA_HOME)/mime/packages/epaperdesk.xml
	cp packaging/io.github.epaperdesk.EpaperDesk.metainfo.xml $(DATA_HOME)/metainfo/
	-update-mime-database $(DATA_HOME)/mime 2>/dev/null
	-update-desktop-database $(DATA_HOME)/applications 2>/dev/null
	@echo "installed the menu entry, icon and .epd type under $(DATA_HOME)"

# A one-folder bundle in dist/epaperdesk with everything it needs (PyInstaller).
dist: setup
	$(PY) -m pip install --quiet "pyinstaller>=6.0,<7"
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/epaperdesk.spec

# Rebuild the sample edition from its sources in resources/samples/meridian/.
sample: setup
	$(PY) resources/samples/build_sample.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
