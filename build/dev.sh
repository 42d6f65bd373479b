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
# postgresql: the server the tests start in a throw-away cluster of their own (tests/pgcluster.py), the office hub.
packages=(python3-venv python3-pip libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
          libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
          libxcb-render-util0 libxcb-image0 libxcb-xinerama0 xvfb xauth poppler-utils
          libreoffice-calc-nogui openssl binutils postgresql)

# Another package manager may hold apt's and dpkg's locks: a fresh Ubuntu laptop runs unattended
# upgrades at boot, for minutes. apt-get then waits for them, up to INSPECTOR_APT_LOCK_TIMEOUT
# seconds (15 minutes by default), instead of failing at once. INSPECTOR_APT_LOCKS is for the tests.
lock_timeout=${INSPECTOR_APT_LOCK_TIMEOUT:-900}
lock_poll=${INSPECTOR_APT_LOCK_POLL:-2}  # seconds between two looks at the locks
if [ "$lock_timeout" -ge 120 ]; then lock_wait="$((lock_timeout / 60)) min"; else lock_wait="$lock_timeout s"; fi
read -r -a apt_locks <<< "${INSPECTOR_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"

lock_holder() {  # "process PID (NAME) holds FILE" while another process holds one of apt_locks (fcntl locks, /proc/locks)
  local f dev id pid
  [ -r /proc/locks ] || return 1
  for f in "${apt_locks[@]}"; do
    dev=$(stat -c %D "$f" 2>/dev/null) || continue
    dev=$((16#$dev))  # /proc/locks names a file MAJOR:MINOR:INODE, the device numbers in hex
    id=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff)) $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) "$(stat -c %i "$f")")
    pid=$(awk -v id="$id" -v me="$$" '$2 != "->" && $6 == id && $5 != me { print $5; exit }' /proc/locks)
    if [ -n "$pid" ]; then
      echo "process $pid ($(cat "/proc/$pid/comm" 2>/dev/null || echo '?')) holds $f"
      return 0
    fi
  done
  return 1
}

apt_get() {  # $sudo apt-get "$@", waiting (not failing) while another package manager holds the locks
  local deadline=$((SECONDS + lock_timeout)) said="" retry="" holder log status cmd
  log=$(mktemp)
  while :; do
    while holder=$(lock_holder); do
      if [ -z "$said" ]; then
        echo "Waiting for another package manager (unattended upgrades) to finish… ($holder; waiting up to $lock_wait)"
        said=1
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        rm -f "$log"
        echo "Another package manager still holds the lock after $lock_wait ($holder)." >&2
        echo "Let it finish (or stop it), then run this command again." >&2
        exit 1
      fi
      sleep "$lock_poll"
    done
    # DPkg::Lock::Timeout (apt >= 1.9.11): apt itself waits for dpkg's lock, e.g. taken between two looks here.
    status=0
    cmd=(env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$((deadline > SECONDS ? deadline - SECONDS : 0))" "$@")
    if [ -z "$retry" ]; then
      $sudo "${cmd[@]}" 2>&1 | tee "$log" || status=$?
    else  # a retry shows its output only once it is not the lock again
      $sudo "${cmd[@]}" >"$log" 2>&1 || status=$?
    fi
    # apt-get update never waits for the lists lock (nor older apt for any): try again while time is left.
    if [ "$status" -ne 0 ] && [ "$SECONDS" -lt "$deadline" ] \
        && grep -qE '/var/lib/dpkg/lock|/var/lib/apt/lists/lock|/var/cache/apt/archives/lock' "$log"; then
      [ -n "$said" ] || echo "Waiting for another package manager (unattended upgrades) to finish… (up to $lock_wait)"
      said=1 retry=1
      sleep "$lock_poll"
      continue
    fi
    [ -z "$retry" ] || cat "$log"
    rm -f "$log"
    return "$status"
  done
}

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    apt_get update -q
    apt_get install -y -q --no-install-recommends "${missing[@]}"
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
