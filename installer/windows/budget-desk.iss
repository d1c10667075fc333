; Inno Setup 6 script for Budget Desk (部门预算编制) on Windows 10/11 x64.
; Build the one-folder bundle first (installer\README.md), then from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\budget-desk.iss
; → dist\budget-desk-0.1.0-setup.exe
; Saved as UTF-8 with a byte-order mark: Inno Setup 6 then reads the Chinese text correctly.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "部门预算编制"
#define AppExe "budget-desk.exe"
#define ProgId "BudgetDesk.Department"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy by it.
AppId={{6B0D4C2E-5A7F-4E51-9C3B-2F8D1A6E4B70}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Budget Desk
DefaultDirName={autopf}\BudgetDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install needs no administrator (office PCs are often locked down); an administrator
; may choose "all users" in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=budget-desk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\budget-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
; Simplified Chinese when the compiler has the translation (official in newer Inno Setup 6
; releases, otherwise put ChineseSimplified.isl into its Languages folder); English otherwise.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: budget-desk.exe (window), budget-desk-cli.exe (commands), _internal\.
Source: "..\..\dist\budget-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "离线编制部门年度预算"
Name: "{group}\{#AppName} 演示部门"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Department files (*.budget) open with the program (HKA: per user or all users, as installed).
Root: HKA; Subkey: "Software\Classes\.budget"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.budget\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "部门预算文件"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".budget"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Department files, settings and backups in the user's folders are left alone on uninstall.
