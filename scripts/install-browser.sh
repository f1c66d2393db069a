#!/usr/bin/env bash
# Installs what the web UI tests need: Debian's chromium and chromium-driver, and the
# selenium Python package. Does nothing for what is already there. Safe to run repeatedly.
set -u

need_apt=0
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need_apt=1
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromedriver ] || need_apt=1

if [ "$need_apt" = 1 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: apt-get not available; install chromium and chromedriver by hand" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
      echo "install-browser: need root (or sudo) to run apt-get" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q || echo "install-browser: apt-get update failed, trying the install anyway" >&2
  if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core; then
    echo "install-browser: apt-get install chromium chromium-driver failed" >&2
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
if ! "$PY" -c "import selenium" >/dev/null 2>&1; then
  "$PY" -m pip install -q selenium || "$PY" -m pip install -q --break-system-packages selenium || {
    echo "install-browser: pip install selenium failed" >&2
    exit 1
  }
fi

command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null | head -1
"$PY" -c "import selenium; print('selenium', selenium.__version__)"
exit 0
