#!/bin/sh
# Checks the Debian/Ubuntu packages that `make run` / `make test` need and installs the
# missing ones when run as root (CI), or says exactly what to install. Elsewhere
# (macOS, other Linux) it does nothing: the Qt wheels bring their own libraries.
#   usage: tools/system-packages.sh run|test
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0

# Qt's libraries on a bare Linux (libEGL, libxkbcommon, fontconfig...), and for a real screen
# the xcb platform's own (its error message wrongly names only libxcb-cursor0).
qt="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
screen="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0"
# Tests: pdffonts/pdftotext, LibreOffice reading our workbooks and decks, PyInstaller's objdump,
# and a real browser (headless Chromium driven by selenium) opening the exported web page.
tests="poppler-utils libreoffice-calc libreoffice-impress binutils chromium chromium-driver"

case "${1:-run}" in
  run) wanted="python3-venv $qt $screen" ;;
  test) wanted="python3-venv $qt $tests" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $package"
done
# python3-venv is only needed when python3 is Debian's own.
case "$(command -v python3)" in /usr/bin/python3) ;; *) missing=$(echo "$missing" | sed 's/ python3-venv//') ;; esac
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Missing system packages. Install them with:"
  echo "  sudo apt-get install$missing"
  exit 1
fi
