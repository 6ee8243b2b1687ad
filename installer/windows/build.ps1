# Build LeakDesk-Setup.exe on Windows: the icon from the SVG, the PyInstaller bundle, then Inno Setup.
# Needs: Python 3.11+, Inno Setup 6 (ISCC.exe on PATH), ImageMagick (magick.exe) for the icon.
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $root
python -m venv .venv-win
.\.venv-win\Scripts\python -m pip install --upgrade pip
.\.venv-win\Scripts\python -m pip install -e . "pyinstaller>=6.10"
magick -background none resources\icons\leakdesk.svg -define icon:auto-resize=256,128,64,48,32,16 installer\windows\leakdesk.ico
.\.venv-win\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\leakdesk.spec
ISCC.exe installer\windows\leakdesk.iss
Write-Host "Built dist\LeakDesk-Setup-0.1.0.exe"
