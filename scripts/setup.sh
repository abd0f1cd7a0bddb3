#!/usr/bin/env bash
# Installs what Backlab needs, only when it is missing. Debian/Ubuntu, as root (or with sudo).
#   scripts/setup.sh            build needs: pkg-config, libssl-dev (SHA-256), libcairo2-dev and
#                               fonts-dejavu-core (charts)
#   scripts/setup.sh --browser  also what the browser tests need: chromium, chromium-driver, and
#                               Selenium from PyPI in a private virtual environment (.build/browser-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
needed=(pkg-config libssl-dev libcairo2-dev fonts-dejavu-core)
[[ "${1:-}" == "--browser" ]] && needed+=(chromium chromium-driver python3-venv)
missing=()
for package in "${needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ "${1:-}" == "--browser" ]]; then
  venv=.build/browser-venv
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    echo "setup: installing selenium into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium>=4.20"
  fi
fi
