# Sets up what proofbook's lessons need on Windows (run in an elevated PowerShell):
# the Containers and Hyper-V features (Hyper-V isolation), then checks that a
# Docker engine answers with Windows containers. Idempotent: an enabled feature
# is left as it is. Installing the engine itself is Docker Desktop's or
# Docker's Windows Server installer's job; this script says which when none answers.
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'

$server = (Get-CimInstance Win32_OperatingSystem).ProductType -ne 1
$reboot = $false
foreach ($feature in 'Containers', 'Microsoft-Hyper-V') {
    if ($server) {
        $name = if ($feature -eq 'Microsoft-Hyper-V') { 'Hyper-V' } else { $feature }
        if ((Get-WindowsFeature -Name $name).Installed) { "$name is enabled already"; continue }
        $r = Install-WindowsFeature -Name $name -IncludeManagementTools
        if ($r.RestartNeeded -eq 'Yes') { $reboot = $true }
    } else {
        $name = if ($feature -eq 'Microsoft-Hyper-V') { 'Microsoft-Hyper-V-All' } else { $feature }
        if ((Get-WindowsOptionalFeature -Online -FeatureName $name).State -eq 'Enabled') { "$name is enabled already"; continue }
        $r = Enable-WindowsOptionalFeature -Online -FeatureName $name -All -NoRestart
        if ($r.RestartNeeded) { $reboot = $true }
    }
    "$name enabled"
}
if ($reboot) {
    'A reboot is needed to finish enabling the features: restart Windows, then run this script again.'
    exit 1
}

$os = docker version --format '{{.Server.Os}}' 2>$null
if ($LASTEXITCODE -ne 0 -or -not $os) {
    'No Docker engine answers. Install Docker Desktop (Windows 10/11) or the Docker engine for Windows Server, start it, then run this script again.'
    exit 1
}
if ($os -ne 'windows') {
    "The engine runs $os containers: switch Docker Desktop to Windows containers (tray icon > Switch to Windows containers), then run this script again."
    exit 1
}
"ready: Docker $(docker version --format '{{.Server.Version}}') with Windows containers. Next: cargo run --release -- build"
