# Pechatka MSI custom action (runs as SYSTEM, deferred): writes %ProgramData%\Pechatka\policy.json
# from the MSI's public properties, and takes it out again at uninstall. NOT VERIFIED on Windows yet
# (written on Linux; see docs/install.md).
#
#   msiexec /i pechatka.msi /qn TRUSTED_ORIGINS="https://portal.example.by https://other.gov.by" PORT=27321 `
#           PKCS11_MODULES="C:\Program Files\Vendor\pkcs11.dll" AUTOSTART=1
#
# Lists are separated by spaces or semicolons. An existing policy.json the installer did not write
# is kept (a warning in the MSI log); the one it wrote is recorded by its SHA-256 in
# policy.installed-by-msi and removed at uninstall. AUTOSTART=1 also adds Pechatka to
# HKLM\...\Run (every user), AUTOSTART=0 writes "autostart": false; uninstall removes the Run value.
param(
  [string]$TrustedOrigins = "",
  [string]$Port = "",
  [string]$Pkcs11Modules = "",
  [string]$Autostart = "",
  [string]$Launcher = "",
  [switch]$Uninstall
)
$ErrorActionPreference = "Stop"
$dir = Join-Path $env:ProgramData "Pechatka"
$policy = Join-Path $dir "policy.json"
$mark = Join-Path $dir "policy.installed-by-msi"
$run = "HKLM:\Software\Microsoft\Windows\CurrentVersion\Run"

function Hash([string]$file) { (Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash }

if ($Uninstall) {
  if ((Test-Path -LiteralPath $mark) -and (Test-Path -LiteralPath $policy)) {
    Remove-Item -LiteralPath $policy -Force
  }
  Remove-Item -LiteralPath $mark -Force -ErrorAction SilentlyContinue
  if ((Test-Path $dir) -and -not (Get-ChildItem -LiteralPath $dir -Force)) { Remove-Item -LiteralPath $dir -Force }
  Remove-ItemProperty -Path $run -Name "Pechatka" -ErrorAction SilentlyContinue
  exit 0
}

function Split-List([string]$s) { @($s -split '[;\s]+' | Where-Object { $_ -ne "" }) }

$p = [ordered]@{}
if ($TrustedOrigins) { $p.trustedOrigins = Split-List $TrustedOrigins }
if ($Port) { $p.port = [int]$Port }
if ($Pkcs11Modules) { $p.pkcs11Modules = @($Pkcs11Modules -split ';' | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
if ($Autostart -eq "1") { $p.autostart = $true } elseif ($Autostart -eq "0") { $p.autostart = $false }
if ($p.Count -eq 0) { exit 0 }

New-Item -ItemType Directory -Force -Path $dir | Out-Null
if ((Test-Path -LiteralPath $policy) -and -not ((Test-Path -LiteralPath $mark) -and ((Get-Content -LiteralPath $mark) -eq (Hash $policy)))) {
  Write-Output "Pechatka: $policy exists and was not written by this installer: it is kept, the MSI properties are NOT applied."
} else {
  $json = ConvertTo-Json -InputObject $p -Depth 3
  $tmp = "$policy.msi-tmp"
  [System.IO.File]::WriteAllText($tmp, $json, (New-Object System.Text.UTF8Encoding($false)))
  Move-Item -LiteralPath $tmp -Destination $policy -Force
  Set-Content -LiteralPath $mark -Value (Hash $policy)
}
if ($Autostart -eq "1" -and $Launcher) {
  New-ItemProperty -Path $run -Name "Pechatka" -Value "`"$Launcher`"" -PropertyType String -Force | Out-Null
} elseif ($Autostart -eq "0") {
  Remove-ItemProperty -Path $run -Name "Pechatka" -ErrorAction SilentlyContinue
}
exit 0
