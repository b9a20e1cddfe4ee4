<#
.SYNOPSIS
    The main job on the embedded default: a blue-green switch on the local AWS sandbox.
.DESCRIPTION
    Starts the sandbox with its seeded world (a load balancer, two target groups tagged bluegreen:project=demo,
    HTTP and HTTPS listeners forwarding to blue, an HTTP->HTTPS redirect, a path rule), shows which group is live,
    previews the switch, shifts 10% as a canary, completes the switch, and shows the result. No AWS account is
    touched: every endpoint points at the sandbox and the credentials are dummies.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$sandbox = Start-BgSandbox -Seed
try {
    Write-Host "Sandbox: $($sandbox.Endpoint)" -ForegroundColor Cyan
    $project = @{ Project = 'demo'; LoadBalancer = 'bluegreen-demo' }

    Write-Host "`n== Before: which group is live" -ForegroundColor Cyan
    Get-BgTargetGroup @project | Format-Table -AutoSize | Out-Host

    Write-Host '== Switch-BgTargetGroup -WhatIf (changes nothing)' -ForegroundColor Cyan
    Switch-BgTargetGroup @project -WhatIf -Force

    Write-Host "`n== Canary: 10% to the idle group" -ForegroundColor Cyan
    Switch-BgTargetGroup @project -Weight 10 -Force | Format-Table -AutoSize | Out-Host
    Get-BgTargetGroup @project | Format-Table -AutoSize | Out-Host

    Write-Host '== Complete the switch' -ForegroundColor Cyan
    Switch-BgTargetGroup @project -Force | Format-Table -AutoSize | Out-Host

    Write-Host '== After' -ForegroundColor Cyan
    $after = Get-BgTargetGroup @project
    $after | Format-Table -AutoSize | Out-Host
    $live = $after | Where-Object Role -eq 'Live'
    if ($live.Name -ne 'bluegreen-demo-green') { throw "Expected bluegreen-demo-green to be live after the switch, found '$($live.Name)'." }
    Write-Host "Live group is now $($live.Name)." -ForegroundColor Green
}
finally {
    Stop-BgSandbox
}
