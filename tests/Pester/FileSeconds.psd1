# Each Pester file's time (s) in a fresh clone's CI on 2 cores (2026-12-07, commit 117745d): the order key of the
# PesterTest task (longest first) when this -OutputRoot has no run of its own. A file missing here falls back to its
# deadline. Refresh it from the table a PesterTest run prints when the times shift a lot.
@{
    'Docker.Ec2.Tests.ps1' = 220.1
    'Start-BgDeployment.Tests.ps1' = 194.8
    'Undo-BgDeployment.Tests.ps1' = 163.3
    'Sandbox.HostInstances.Tests.ps1' = 151.4
    'Docker.Deployment.Tests.ps1' = 134.1
    'Docker.Ec2.Failures.Tests.ps1' = 133.1
    'Switch-BgTargetGroup.Tests.ps1' = 125
    'Start-BgDeployment.Interrupt.Tests.ps1' = 114.1
    'Sandbox.Tests.ps1' = 108.2
    'Docker.Compose.Tests.ps1' = 100.2
    'Undo-BgMigration.Tests.ps1' = 88.4
    'Get-BgMigrationDiff.Machines.Tests.ps1' = 85.1
    'New-BgMachine.Tests.ps1' = 66.1
    'Complete-BgDeployment.Tests.ps1' = 63.2
    'Bench.Tests.ps1' = 60.4
    'Initialize-BgLoadBalancer.Tests.ps1' = 54.8
    'Remove-BgMachine.Tests.ps1' = 48.4
    'Lock-BgDeployment.Tests.ps1' = 46
    'LocalProvider.Tests.ps1' = 44.3
    'ZeroDowntime.Tests.ps1' = 43.2
    'Sandbox.DataPlane.Tests.ps1' = 38.9
    'Sandbox.Ssm.Tests.ps1' = 36.8
    'Invoke-BgManage.Tests.ps1' = 32.2
    'Start-BgSandbox.Tests.ps1' = 28
    'Get-BgMachine.Tests.ps1' = 26.6
    'Invoke-BgCompose.Tests.ps1' = 24.8
    'Get-BgMigrationDiff.Tests.ps1' = 24
    'Test-BgMigration.Tests.ps1' = 22.8
    'Get-BgDeployment.Tests.ps1' = 22.4
    'Start-BgDeployment.Metrics.Tests.ps1' = 21.3
    'Module.Tests.ps1' = 13.7
    'Unlock-BgDeployment.Tests.ps1' = 13.1
    'Support.ManageServer.Tests.ps1' = 10.7
    'Module.LoadContext.Tests.ps1' = 8.1
    'Stop-BgSandbox.Tests.ps1' = 5.9
    'New-BgConfiguration.Tests.ps1' = 5.7
    'Get-BgTargetGroup.Tests.ps1' = 4.7
    'TrafficLoop.Tests.ps1' = 5.6
    'Support.TestHttpServer.Tests.ps1' = 2.4
}
