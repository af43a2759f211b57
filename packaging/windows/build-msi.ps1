# Builds target\packaging\Pechatka-<version>.msi on Windows: jlinked runtime (JavaFX included),
# jpackage app image with an AOT cache when the training run works, and an MSI (WiX through
# jpackage) whose public properties write %ProgramData%\Pechatka\policy.json (write-policy.ps1).
# NOT VERIFIED: written on Linux, meant for the windows-latest runner of .github/workflows/packages.yml
# (JDK 25 + WiX Toolset on the PATH). See docs/install.md.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-msi.ps1
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root
if (-not $env:JAVA_HOME) { throw "set JAVA_HOME to a JDK 25" }
$jbin = Join-Path $env:JAVA_HOME "bin"
$out = Join-Path $root "target\packaging"
if (-not (Test-Path "target\pechatka.jar")) { & .\mvnw.cmd -B -ntp -DskipTests package; if ($LASTEXITCODE) { throw "maven" } }
$version = (Select-String -Path "pom.xml" -Pattern '<version>([0-9][^<]*)</version>' | Select-Object -First 1).Matches[0].Groups[1].Value
$appVersion = $version -replace '-.*$', ''

Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force "$out\input\lib", "$out\res", "$out\icons" | Out-Null
Copy-Item target\pechatka.jar "$out\input\"
Get-ChildItem target\lib\*.jar | Where-Object { $_.Name -notlike "javafx-*" } | Copy-Item -Destination "$out\input\lib\"
Copy-Item packaging\windows\write-policy.ps1 "$out\input\"

# modules: as packaging/linux/build-app-image.sh
$deps = & (Join-Path $jbin "jdeps") --multi-release 25 --ignore-missing-deps --print-module-deps --class-path "$out\input\lib\*" "$out\input\pechatka.jar"
$modules = "$deps,jdk.localedata,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.management,javafx.controls,javafx.fxml"
$fx = (Get-ChildItem target\lib\javafx-*-win.jar | ForEach-Object { $_.FullName }) -join ";"
& (Join-Path $jbin "jlink") --module-path $fx --add-modules $modules --include-locales=en,be,ru `
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$out\runtime"
if ($LASTEXITCODE) { throw "jlink" }

# the icon: the tray's seal as PNG; jpackage on Windows wants .ico: made by System.Drawing
& (Join-Path $jbin "java") -Djava.awt.headless=true -cp "target\classes;target\lib\*" packaging\common\MakeIcon.java "$out\icons" 256
Add-Type -AssemblyName System.Drawing
$bmp = [System.Drawing.Bitmap]::FromFile("$out\icons\pechatka-256.png")
$ico = [System.Drawing.Icon]::FromHandle($bmp.GetHicon())
$fs = [System.IO.File]::Create("$out\icons\pechatka.ico"); $ico.Save($fs); $fs.Close()

$jopts = @("--enable-native-access=ALL-UNNAMED,javafx.graphics", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
  "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+UseSerialGC", "-Xms16m", "-Xmx512m",
  "-XX:TieredStopAtLevel=1", "-Dprism.order=sw")
$jargs = @(); foreach ($o in $jopts) { $jargs += "--java-options"; $jargs += $o }
& (Join-Path $jbin "jpackage") --type app-image --name Pechatka --dest "$out\image" --input "$out\input" `
  --main-jar pechatka.jar --main-class org.pechatka.app.Main --runtime-image "$out\runtime" `
  --app-version $appVersion --vendor Pechatka --description "Electronic signatures for government portals" `
  --icon "$out\icons\pechatka.ico" @jargs
if ($LASTEXITCODE) { throw "jpackage app-image" }
$image = "$out\image\Pechatka"
$cfg = "$image\app\Pechatka.cfg"

# AOT cache: trained by the packaged launcher (option added to its config for the run)
$aot = "$image\app\pechatka.aot"
$saved = Get-Content $cfg -Raw
Add-Content $cfg "java-options=-XX:AOTCacheOutput=$aot"
$data = Join-Path $env:TEMP ("pechatka-aot-" + [guid]::NewGuid())
$log = "$data.out"
$p = Start-Process -FilePath "$image\Pechatka.exe" -ArgumentList "--data-dir `"$data`" --port 0 --no-tray" `
  -RedirectStandardOutput $log -PassThru -NoNewWindow
$listening = $false
for ($i = 0; $i -lt 600 -and -not $p.HasExited; $i++) {
  if ((Test-Path $log) -and (Select-String -Path $log -Pattern '^listening on ' -Quiet)) { $listening = $true; break }
  Start-Sleep -Milliseconds 100
}
# Windows has no SIGTERM for a console-less process: taskkill asks it to close; the JVM writes the cache on exit
& taskkill /PID $p.Id | Out-Null
if (-not $p.WaitForExit(120000)) { $p.Kill() }
Set-Content $cfg $saved -NoNewline
if ($listening -and (Test-Path $aot) -and (Get-Item $aot).Length -gt 0) {
  Add-Content $cfg 'java-options=-XX:AOTCache=$APPDIR\pechatka.aot'
} else {
  Write-Warning "AOT training did not produce a cache: the MSI starts without one"
  Remove-Item $aot -ErrorAction SilentlyContinue
}

# WiX: the JDK's own main.wxs, with the policy properties and custom actions added
& (Join-Path $jbin "jimage") extract --include "regex:.*/internal/resources/main\.wxs" --dir "$out\jpk" (Join-Path $env:JAVA_HOME "lib\modules")
$wxs = Get-ChildItem -Recurse "$out\jpk" -Filter main.wxs | Select-Object -First 1
if (-not $wxs) { throw "main.wxs not found in this JDK" }
$text = Get-Content $wxs.FullName -Raw
$props = @'
    <Property Id="TRUSTED_ORIGINS" Secure="yes"/>
    <Property Id="PORT" Secure="yes"/>
    <Property Id="PKCS11_MODULES" Secure="yes"/>
    <Property Id="AUTOSTART" Secure="yes"/>
    <SetProperty Id="PechatkaWritePolicy" Sequence="execute" Before="PechatkaWritePolicy"
      Value="&quot;[System64Folder]WindowsPowerShell\v1.0\powershell.exe&quot; -NoProfile -NonInteractive -ExecutionPolicy Bypass -File &quot;[INSTALLDIR]app\write-policy.ps1&quot; -TrustedOrigins &quot;[TRUSTED_ORIGINS]&quot; -Port &quot;[PORT]&quot; -Pkcs11Modules &quot;[PKCS11_MODULES]&quot; -Autostart &quot;[AUTOSTART]&quot; -Launcher &quot;[INSTALLDIR]Pechatka.exe&quot;"/>
    <CustomAction Id="PechatkaWritePolicy" BinaryKey="WixCA" DllEntry="WixQuietExec64" Execute="deferred" Impersonate="no" Return="check"/>
    <SetProperty Id="PechatkaRemovePolicy" Sequence="execute" Before="PechatkaRemovePolicy"
      Value="&quot;[System64Folder]WindowsPowerShell\v1.0\powershell.exe&quot; -NoProfile -NonInteractive -ExecutionPolicy Bypass -File &quot;[INSTALLDIR]app\write-policy.ps1&quot; -Uninstall"/>
    <CustomAction Id="PechatkaRemovePolicy" BinaryKey="WixCA" DllEntry="WixQuietExec64" Execute="deferred" Impersonate="no" Return="ignore"/>

'@
$seq = @'
      <Custom Action="PechatkaWritePolicy" Before="InstallFinalize">NOT REMOVE</Custom>
      <Custom Action="PechatkaRemovePolicy" Before="RemoveFiles">REMOVE~="ALL" AND NOT UPGRADINGPRODUCTCODE</Custom>

'@
if ($text -notmatch '<InstallExecuteSequence>') { throw "main.wxs has no InstallExecuteSequence: update build-msi.ps1" }
$text = $text -replace '(\s*<InstallExecuteSequence>)', ("`n" + $props + '$1')
$text = $text -replace '(<InstallExecuteSequence>\s*\n)', ('$1' + $seq)
Set-Content -Path "$out\res\main.wxs" -Value $text -Encoding UTF8

& (Join-Path $jbin "jpackage") --type msi --app-image $image --name Pechatka --app-version $appVersion `
  --vendor Pechatka --description "Electronic signatures for government portals" `
  --win-menu --win-menu-group Pechatka --win-upgrade-uuid "6c0f3f5e-1d53-4b8e-9a6f-5e2d7d1c9b11" `
  --resource-dir "$out\res" --dest $out
if ($LASTEXITCODE) { throw "jpackage msi" }
Get-ChildItem "$out\*.msi" | ForEach-Object { Write-Output ("built " + $_.FullName + " (" + [math]::Round($_.Length / 1MB) + " MB)") }
