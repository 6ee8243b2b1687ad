; Inno Setup script: LeakDesk-Setup.exe from the one-folder bundle in dist\LeakDesk.
; Build on Windows with installer\windows\build.ps1 (it runs PyInstaller, then ISCC on this file).
#define AppName "LeakDesk"
#define AppVersion "0.1.0"

[Setup]
AppId={{6C2B7B53-4F1E-4B8E-9B0D-LEAKDESK0001}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=LeakDesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=LeakDesk-Setup-{#AppVersion}
SetupIconFile=leakdesk.ico
UninstallDisplayIcon={app}\LeakDesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\LeakDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\LeakDesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\LeakDesk.exe"; Tasks: desktopicon
Name: "{userstartup}\{#AppName}"; Filename: "{app}\LeakDesk.exe"; Tasks: startup

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "startup"; Description: "Start LeakDesk when I sign in (it watches the inbox from the tray)"

[Run]
Filename: "{app}\LeakDesk.exe"; Description: "Start LeakDesk now"; Flags: nowait postinstall skipifsilent

; The user's data (%LOCALAPPDATA%\LeakDesk) is kept on uninstall, like its mail.
