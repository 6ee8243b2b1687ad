# LeakDesk's one task runner. `make run` and `make test` do all the set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Qt's xcb runtime (RECIPES.md lists the set a bare image needs).
RUN_DEBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0 \
	libxcb-glx0 libxcb-util1 libxkbcommon-x11-0 libx11-xcb1 libegl1 libgl1 libfontconfig1 \
	libfreetype6 libglib2.0-0 libdbus-1-3 libnotify-bin python3-venv
# What the tests add: a virtual X server, the IMAP server, a session bus,
# a notification daemon and a keyring daemon.
TEST_DEBS := $(RUN_DEBS) xvfb xauth dovecot-imapd dbus dbus-x11 dunst libnotify-bin gnome-keyring imagemagick

.PHONY: run test lint bench screenshot bundle clean system-run system-test

run: system-run $(STAMP)
	$(BIN)/leakdesk

test: system-test $(STAMP)
	$(MAKE) --no-print-directory lint
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check leakdesk ui tests bench docs main.py
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: system-test $(STAMP)
	@command -v mbsync >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq isync >/dev/null; }
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python bench/board.py
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python bench/report.py
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- $(BIN)/python bench/jank.py
	$(BIN)/python bench/capture.py
	$(BIN)/python bench/parse.py

screenshot: $(STAMP)
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python docs/screenshot.py docs/board.png
	QT_SCALE_FACTOR=1.5 XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1920x1080x24" \
		$(BIN)/python docs/screenshot.py --scaled "docs/sizes/board-1920x1080-at-150%.png"

# The Linux one-folder bundle in dist/LeakDesk (installer/README.md has Windows and macOS), then a
# launch of it in demo mode under Xvfb that saves dist/smoke-board.png.
bundle: system-test $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	XDG_RUNTIME_DIR=$$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python installer/build.py

$(STAMP):
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

system-run:
	@missing=$$(for p in $(RUN_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

system-test:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
