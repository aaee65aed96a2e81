# The two commands of the README: `make run` and `make test`. Both set everything up first.
VENV := .venv
PY := $(VENV)/bin/python
SAMPLE := resources/samples/meridian-weekly.epd
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: setup run test bench soak sample clean

setup:
	@bash scripts/setup.sh

run: setup
	$(VENV)/bin/epaperdesk $(SAMPLE)

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

# Thousands of random window operations; memory over time and validity (not part of CI).
soak: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/soak.py 5000

# Rebuild the sample edition from its sources in resources/samples/meridian/.
sample: setup
	$(PY) resources/samples/build_sample.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
