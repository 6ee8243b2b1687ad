#!/bin/sh
# Build LeakDesk.app and a disk image on macOS: the icon from the SVG, PyInstaller's app bundle, hdiutil.
# Needs: Python 3.11+, librsvg (rsvg-convert, from Homebrew) for the icon; Xcode's iconutil.
# Sign and notarise with your Developer ID before giving it to anyone (codesign, notarytool).
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
python3 -m venv .venv-mac
.venv-mac/bin/python -m pip install --upgrade pip
.venv-mac/bin/python -m pip install -e . "pyinstaller>=6.10"
set_dir="build/leakdesk.iconset"
mkdir -p "$set_dir"
for size in 16 32 64 128 256 512; do
  rsvg-convert -w $size -h $size resources/icons/leakdesk.svg -o "$set_dir/icon_${size}x${size}.png"
  rsvg-convert -w $((size * 2)) -h $((size * 2)) resources/icons/leakdesk.svg -o "$set_dir/icon_${size}x${size}@2x.png"
done
iconutil -c icns "$set_dir" -o installer/macos/leakdesk.icns
.venv-mac/bin/python -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/leakdesk.spec
hdiutil create -volname LeakDesk -srcfolder dist/LeakDesk.app -ov -format UDZO dist/LeakDesk-0.1.0.dmg
echo "Built dist/LeakDesk.app and dist/LeakDesk-0.1.0.dmg"
