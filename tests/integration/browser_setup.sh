#!/usr/bin/env bash
# Install headless Chromium from Debian for tests/integration/test_report_html_browser.py.
# Idempotent; runs as root with no stdin (CI). apt-get update only when apt cannot find the package,
# as tests/oracle/setup.sh does.
set -euo pipefail

PACKAGES=(
    chromium        # headless Chromium: opens report.html, dumps its DOM, takes a screenshot
)

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "browser setup: chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
fi
command -v apt-get >/dev/null || { echo "browser setup: need ${PACKAGES[*]} and there is no apt-get" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/browser-setup.XXXXXX.log)
apt_install() {
    apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${PACKAGES[@]}" </dev/null >>"$log" 2>&1
}
candidate=$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')
echo "browser setup: installing ${PACKAGES[*]}"
if [ -z "$candidate" ] || [ "$candidate" = "(none)" ] || ! apt_install; then
    apt-get update -qq </dev/null >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    apt_install || { cat "$log" >&2; exit 1; }
fi
rm -f "$log"
command -v chromium >/dev/null || { echo "browser setup: chromium still missing" >&2; exit 1; }
echo "browser setup: ok ($(dpkg-query -W -f='${Version}' chromium 2>/dev/null))"
