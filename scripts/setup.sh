#!/usr/bin/env bash
# Installs the system packages Backlab builds against, only when they are missing.
# Debian/Ubuntu, as root (or with sudo available). Safe to run again.
set -euo pipefail
needed=(pkg-config libssl-dev)
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
