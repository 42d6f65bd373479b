#!/usr/bin/env bash
# Quick start on Debian/Ubuntu (see README.md):
#   bash build/dev.sh app    set everything up, start Inspector on a ready demo vault
#   bash build/dev.sh test   set everything up, run the whole test suite
#   bash build/dev.sh build  set everything up, build the packaged app in dist/ and self-test it
# Installs the few system packages Python and Qt need, then hands over to
# build/dev.py, which does the rest on every platform.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-venv: Debian's Python lacks venv/ensurepip without it.
# libegl1 … libdbus-1-3: what Qt's offscreen and xcb platforms load at start-up.
# xvfb, xauth: a virtual screen for tests of real windows.
# poppler-utils: pdfsig, pdffonts, pdftoppm judge the signed PDFs in the tests.
# libreoffice-calc-nogui: opens and re-saves the xlsx forms in the tests, as a department would.
# openssl: checks a bundle's CMS signature in the tests, as an outside tool would.
# binutils: objdump, which PyInstaller uses to find the libraries of the packaged app.
packages=(python3-venv python3-pip libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
          libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
          libxcb-render-util0 libxcb-image0 libxcb-xinerama0 xvfb xauth poppler-utils
          libreoffice-calc-nogui openssl binutils)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

python=python3
for candidate in python3 python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
exec "$python" build/dev.py "$@"
