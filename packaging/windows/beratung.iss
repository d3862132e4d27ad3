; Inno Setup recipe for Beratung: installs the PyInstaller build into the user's profile,
; no administrator rights needed. NOT YET TRIED ON WINDOWS - see README.md in this folder.
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\beratung.iss
;
; Expects packaging\windows\dist\Beratung\ from beratung.spec. Output: packaging\windows\Output\

#define AppName "Beratung"
#define AppVersion "0.1.0"
#define AppPublisher "Städtetag Baden-Württemberg – Fachberatung Inklusion"

[Setup]
AppId={{fb9b85b9-f826-4451-8c6b-72deccc6fef5}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
; Per-user installation: %LOCALAPPDATA%\Programs\Beratung
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputBaseFilename=Beratung-{#AppVersion}-Setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\Beratung.exe

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "dist\Beratung\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\Beratung.exe"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\Beratung.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Beratung.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The data folder %LOCALAPPDATA%\Beratung (database, backups, logs) is deliberately NOT removed on
; uninstall: it holds the user's work.
