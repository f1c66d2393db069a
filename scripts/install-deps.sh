#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine (idempotent):
# libxml2, libcurl and libldap headers, Python test clients, chromium (web UI tests),
# slapd (LDAP tests), an SMTP server library (mail tests), Blender and ffmpeg (the
# render preset tests render and encode for real), systemd-analyze and logrotate
# (service installation tests) and prometheus_client (the /metrics parser).
set -euo pipefail
need_apt=()
dpkg -s libxml2-dev >/dev/null 2>&1 || need_apt+=(libxml2-dev)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
dpkg -s libldap2-dev >/dev/null 2>&1 || need_apt+=(libldap2-dev)
if [ "${COALITION_SKIP_LDAP_SERVER:-0}" != 1 ]; then
  command -v /usr/sbin/slapd >/dev/null 2>&1 || need_apt+=(slapd ldap-utils)
fi
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ "${COALITION_SKIP_RENDERERS:-0}" != 1 ]; then
  command -v blender >/dev/null 2>&1 || need_apt+=(blender)
  command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
fi
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
# systemd-analyze verify checks the units of install/systemd; logrotate -d the rotation file.
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)
command -v logrotate >/dev/null 2>&1 || need_apt+=(logrotate)
if [ "${COALITION_SKIP_BROWSER:-0}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  # slapd is only started by the tests themselves, on 127.0.0.1: no default database.
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 - <<'PY' || python3 -m pip install -q pytest requests selenium aiosmtpd schemathesis prometheus_client
import pytest, requests, selenium, aiosmtpd, schemathesis, prometheus_client  # noqa: F401
PY
