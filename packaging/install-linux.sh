#!/bin/sh
# Installs the CJM Studio bundle for the current user: no root, no network.
#
#   ./install-linux.sh                  from inside an unpacked cjm-studio/ folder
#   packaging/install-linux.sh [DIR|ARCHIVE.tar.gz]   from a checkout (default dist/cjm-studio)
#   ./install-linux.sh --uninstall
#
# Puts the folder in ~/.local/lib/cjm-studio, the programs `cjm-studio` and `cjm` in
# ~/.local/bin, and registers the menu entry, the .cjm file type (application/x-cjm-studio)
# and the icons under ~/.local/share, so .cjm files open with the app and show its icon.
# PREFIX=/some/where installs there instead (bin/, lib/, share/ below it).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PREFIX:-}" ]; then
  share="$PREFIX/share"
else
  PREFIX="$HOME/.local"
  share="${XDG_DATA_HOME:-$PREFIX/share}"
fi
bin="$PREFIX/bin"
lib="$PREFIX/lib/cjm-studio"
apps="$share/applications"
mime="$share/mime"
icons="$share/icons/hicolor"
sizes="16 24 32 48 64 128 256 512"

say() { printf '%s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

refresh_databases() {
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -f -t "$icons" 2>/dev/null || true
  return 0
}

uninstall() {
  rm -rf "$lib"
  for program in cjm-studio cjm; do
    if [ -L "$bin/$program" ]; then rm -f "$bin/$program"; fi
  done
  rm -f "$apps/cjm-studio.desktop" "$mime/packages/cjm-studio-mime.xml" "$icons/scalable/apps/cjm-studio.svg"
  for size in $sizes; do
    rm -f "$icons/${size}x${size}/apps/cjm-studio.png" \
          "$icons/${size}x${size}/mimetypes/application-x-cjm-studio.png"
  done
  associations="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"
  if [ -f "$associations" ]; then
    sed -i '/^application\/x-cjm-studio=/d' "$associations" 2>/dev/null || true
  fi
  refresh_databases
  say "CJM Studio removed from $PREFIX (your maps and settings are untouched)."
}

case "${1:-}" in
  --uninstall) uninstall; exit 0 ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

# Which bundle: an argument (folder or archive), the folder this script is in, or dist/.
unpacked=""
cleanup() { if [ -n "$unpacked" ]; then rm -rf "$unpacked"; fi; }
trap cleanup EXIT
if [ $# -gt 0 ]; then
  source="$1"
  case "$source" in
    *.tar.gz|*.tgz)
      [ -f "$source" ] || fail "$source: no such archive"
      unpacked=$(mktemp -d)
      tar -xzf "$source" -C "$unpacked"
      source="$unpacked/cjm-studio"
      ;;
  esac
elif [ -x "$here/cjm-studio" ]; then
  source="$here"
else
  source="$here/../dist/cjm-studio"
fi
[ -x "$source/cjm-studio" ] && [ -x "$source/cjm" ] || fail "$source: not a CJM Studio bundle (build it with: make dist)"
source=$(cd "$source" && pwd)
resources="$source/_internal/resources/icons"
linux="$here/linux"
[ -f "$linux/cjm-studio.desktop" ] || linux="$source/linux"
[ -f "$linux/cjm-studio.desktop" ] || fail "cannot find linux/cjm-studio.desktop beside $0"

# The bundle needs a glibc at least as new as the one it was built with (2.34 at the
# least, for Qt); build_dist.py records that version in linux/glibc-needed.
needed=2.34
if [ -f "$source/linux/glibc-needed" ]; then needed=$(cat "$source/linux/glibc-needed"); fi
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -n "$glibc" ]; then
  have_major=${glibc%%.*}; have_minor=${glibc#*.}; have_minor=${have_minor%%.*}
  need_major=${needed%%.*}; need_minor=${needed#*.}
  if [ "$have_major" -lt "$need_major" ] || \
     { [ "$have_major" -eq "$need_major" ] && [ "$have_minor" -lt "$need_minor" ]; }; then
    fail "this system has glibc $glibc; this CJM Studio build needs glibc $needed or newer"
  fi
fi

# The program folder, replaced whole (a half-copied folder never becomes the installed one).
mkdir -p "$PREFIX/lib" "$bin"
if [ "$source" != "$lib" ]; then
  rm -rf "$lib.new" "$lib.old"
  cp -R "$source" "$lib.new"
  if [ -e "$lib" ]; then mv "$lib" "$lib.old"; fi
  mv "$lib.new" "$lib"
  rm -rf "$lib.old"
fi
ln -sf "$lib/cjm-studio" "$bin/cjm-studio"
ln -sf "$lib/cjm" "$bin/cjm"

# Menu entry, file type and icons.
mkdir -p "$apps" "$mime/packages" "$icons/scalable/apps"
sed "s|@BINDIR@|$bin|g" "$linux/cjm-studio.desktop" > "$apps/cjm-studio.desktop"
cp "$linux/cjm-studio-mime.xml" "$mime/packages/cjm-studio-mime.xml"
cp "$resources/cjm-studio.svg" "$icons/scalable/apps/cjm-studio.svg"
for size in $sizes; do
  mkdir -p "$icons/${size}x${size}/apps" "$icons/${size}x${size}/mimetypes"
  cp "$resources/cjm-studio-$size.png" "$icons/${size}x${size}/apps/cjm-studio.png"
  cp "$resources/cjm-studio-$size.png" "$icons/${size}x${size}/mimetypes/application-x-cjm-studio.png"
done
refresh_databases
if command -v xdg-mime >/dev/null 2>&1; then
  XDG_DATA_HOME="$share" xdg-mime default cjm-studio.desktop application/x-cjm-studio 2>/dev/null || true
fi

version=$("$lib/cjm" --version 2>/dev/null) || fail "the installed $lib/cjm does not run"
say "Installed $version into $lib"
say "  programs: $bin/cjm-studio, $bin/cjm"
say "  menu entry, .cjm file type and icons registered under $share"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) say "  note: $bin is not on your PATH; add it to run cjm-studio and cjm by name" ;;
esac
