; Inno Setup script for Beratung: installs the PyInstaller bundle into the user's profile,
; no administrator rights needed; start-menu entry; the user's data stay on uninstall unless she
; asks for them to be removed.
;
; Needs Inno Setup 6.3 or newer (x64compatible). Built by packaging/build_bundle.py on Windows
; (it passes the defines below), or by hand:
;
; ISCC /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DBundleDir=build\bundle\Beratung /DIconFile=build\bundle\icons\beratung.ico packaging\windows\beratung.iss
;
; AppVersion comes from pyproject.toml (the only place the version is written); this script has
; no version of its own and refuses to compile without one.

#ifndef AppVersion
  #error AppVersion fehlt: bitte mit packaging/build_bundle.py bauen oder /DAppVersion=... angeben
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\bundle\Beratung"
#endif

#define AppName "Beratung"
#define AppPublisher "Städtetag Baden-Württemberg – Fachberatung Inklusion"
; Where the program keeps the user's data (platformdirs.user_data_dir("Beratung", roaming=False))
; and its settings (QSettings: organisation and application name).
#define DataDir "{localappdata}\Beratung"
#define SettingsKey "Software\Städtetag Baden-Württemberg\Beratung"

[Setup]
AppId={{fb9b85b9-f826-4451-8c6b-72deccc6fef5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
#ifdef AppVersionNumeric
; Windows' file version is numbers only (0.2.0.0); AppVersion may be 0.2.0rc1.
VersionInfoVersion={#AppVersionNumeric}
#endif
; Per-user installation into %LOCALAPPDATA%\Programs\Beratung: no administrator rights, and an
; update by the user herself installs over the old version (same AppId).
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputBaseFilename=Beratung-{#AppVersion}-Setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\Beratung.exe
UninstallDisplayName={#AppName}
; An open program would keep files locked during an update.
CloseApplications=yes
#ifdef IconFile
SetupIconFile={#IconFile}
#endif

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program folder completely (old libraries must not linger); the data
; folder is elsewhere and untouched.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\Beratung.exe"; Comment: "Beratungen, Kontakte, Veranstaltungen und Pressearbeit"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Beratung.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Beratung.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The data folder holds her database, backups, attachments and logs. Uninstalling keeps it by
  default (an update or a reinstall finds everything again); only when she says so explicitly,
  and never in a silent uninstall, is it removed together with the program's settings. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  DataDir := ExpandConstant('{#DataDir}');
  if UninstallSilent or not DirExists(DataDir) then
    exit;
  if MsgBox('Beratung ist entfernt. Ihre Daten (Datenbank, Sicherungen, Anhänge und Protokolle) ' +
            'liegen weiterhin in' + #13#10 + DataDir + #13#10#13#10 +
            'Sollen diese Daten ebenfalls endgültig gelöscht werden?' + #13#10 +
            'Das lässt sich nicht rückgängig machen.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    DelTree(DataDir, True, True, True);
    RegDeleteKeyIncludingSubkeys(HKCU, '{#SettingsKey}');
  end;
end;
