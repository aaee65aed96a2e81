#!/usr/bin/env bash
# Set up everything EpaperDesk needs on Debian/Ubuntu: system packages (apt), a virtual
# environment in .venv, and the package with its dependencies. Idempotent; the second run
# only checks and takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.epaperdesk-installed

# System packages. Alternatives are separated by "|": the first one already installed, or
# else the first one apt knows, is used (Ubuntu 24.04 renamed some libraries with "t64").
PACKAGES=(
  # spelling: enchant with hunspell dictionaries (US and British English)
  "libenchant-2-2" "hunspell-en-us" "hunspell-en-gb"
  "python3-venv"
  # the default CMYK output profile, basICColor ISO Coated v2 (zlib licence), for print PDFs
  "scribus-data"
  # validators the packaging tests run on the desktop file and the AppStream metainfo
  "desktop-file-utils" "appstream"
  # Qt runtime libraries that the PySide6 wheels expect from the system
  "libegl1" "libgl1" "libopengl0" "libxkbcommon0" "libxkbcommon-x11-0" "libfontconfig1" "libfreetype6"
  "libdbus-1-3" "libglib2.0-0t64|libglib2.0-0" "libx11-xcb1" "libxcb-cursor0" "libxcb-icccm4"
  "libxcb-image0" "libxcb-keysyms1" "libxcb-randr0" "libxcb-render-util0" "libxcb-shape0"
  "libxcb-xinerama0" "libxcb-xkb1" "libxrender1" "libxi6"
)

# (no "| grep -q" here: with pipefail, grep's early exit can fail the pipeline)
installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *"install ok installed"* ]]; }
has_candidate() { [[ "$(apt-cache policy "$1" 2>/dev/null)" =~ Candidate:\ [^\(] ]]; }

missing_packages() {
  local spec alt found
  for spec in "${PACKAGES[@]}"; do
    found=
    IFS='|' read -ra alts <<<"$spec"
    for alt in "${alts[@]}"; do
      if installed "$alt"; then found=1; break; fi
    done
    [ -n "$found" ] || echo "$spec"
  done
}

pick_installable() {
  local spec alt
  for spec in "$@"; do
    IFS='|' read -ra alts <<<"$spec"
    for alt in "${alts[@]}"; do
      if has_candidate "$alt"; then echo "$alt"; continue 2; fi
    done
    echo "${alts[0]}"
  done
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: this is not a Debian/Ubuntu system (no dpkg); install libenchant-2, hunspell en_US/en_GB" >&2
    echo "       dictionaries and the Qt 6 runtime libraries yourself, then run 'make' again." >&2
    return 0
  fi
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
      sudo="sudo"
    else
      echo "setup: these system packages are missing: ${missing[*]}" >&2
      echo "setup: installing them needs root or sudo, and neither is available." >&2
      echo "       Ask an administrator to run: apt-get install ${missing[*]//|*/}" >&2
      exit 1
    fi
  fi
  echo "setup: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  mapfile -t chosen < <(pick_installable "${missing[@]}")
  $sudo apt-get install -y -qq --no-install-recommends "${chosen[@]}" >/dev/null
}

make_venv() {
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "setup: EpaperDesk needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)" >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    echo "setup: creating the virtual environment in $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
}

install_package() {
  local want
  want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && "$VENV/bin/python" -c 'import epaperdesk' 2>/dev/null; then
    return 0
  fi
  echo "setup: installing EpaperDesk and its dependencies into $VENV"
  "$VENV/bin/python" -m pip install --quiet -e ".[test]"
  echo "$want" >"$STAMP"
}

install_system_packages
make_venv
install_package
