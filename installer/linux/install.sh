#!/bin/sh
# Install the one-folder bundle for the current user: ~/.local/opt/LeakDesk, a `leakdesk`
# command, the menu entry and the icon. Run from the unpacked bundle's parent folder:
#   sh LeakDesk/install.sh        (or: sh installer/linux/install.sh dist/LeakDesk)
set -eu
src="${1:-$(dirname "$0")}"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/LeakDesk"
mkdir -p "$opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/icons/hicolor/scalable/apps"
cp -a "$src/." "$opt/"
ln -sf "$opt/LeakDesk" "$HOME/.local/bin/leakdesk"
cp "$opt/_internal/resources/icons/leakdesk.svg" "$prefix/icons/hicolor/scalable/apps/leakdesk.svg"
sed "s|^Exec=leakdesk|Exec=$opt/LeakDesk|" "$opt/leakdesk.desktop" > "$prefix/applications/leakdesk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/applications" || true
echo "LeakDesk is installed: find it in your applications menu, or run 'leakdesk'."
