#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine (idempotent):
# libxml2 headers, Python test clients, and (for the web UI tests) chromium.
set -euo pipefail
need_apt=()
dpkg -s libxml2-dev >/dev/null 2>&1 || need_apt+=(libxml2-dev)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
if [ "${COALITION_SKIP_BROWSER:-0}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 - <<'PY' || python3 -m pip install -q pytest requests selenium aiosmtpd
import pytest, requests, selenium, aiosmtpd  # noqa: F401
PY
