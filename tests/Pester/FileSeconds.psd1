# Each Pester file's time (s) in a fresh clone's CI on 2 cores (2026-12-07, CI8 of f85a427, adjusted by hand for the files
# made shorter after it): the order key of the PesterTest task (longest first) when this -OutputRoot has no run of its own.
# A file missing here falls back to its deadline. Refresh it from the table a PesterTest run prints when the times shift a lot.
@{
    'Start-BgDeployment.Tests.ps1' = 205.3
    'Docker.Ec2.Tests.ps1' = 194.3
    'Undo-BgDeployment.Tests.ps1' = 145
    'Bench.Tests.ps1' = 135.8
    'Sandbox.Tests.ps1' = 127
    'Switch-BgTargetGroup.Tests.ps1' = 125
    'Sandbox.HostInstances.Tests.ps1' = 115.8
    'Docker.Ec2.Failures.Tests.ps1' = 115
    'Docker.Deployment.Tests.ps1' = 111.6
    'Undo-BgMigration.Tests.ps1' = 93.7
    'Start-BgDeployment.Interrupt.Tests.ps1' = 88
    'Get-BgMigrationDiff.Machines.Tests.ps1' = 79.1
    'Complete-BgDeployment.Tests.ps1' = 66.6
    'New-BgMachine.Tests.ps1' = 62.9
    'Initialize-BgLoadBalancer.Tests.ps1' = 62.6
    'Lock-BgDeployment.Tests.ps1' = 60.5
    'LocalProvider.Tests.ps1' = 60
    'Remove-BgMachine.Tests.ps1' = 52.8
    'Docker.Compose.Tests.ps1' = 45.6
    'Sandbox.DataPlane.Tests.ps1' = 45.4
    'ZeroDowntime.Tests.ps1' = 42.2
    'Invoke-BgManage.Tests.ps1' = 35.7
    'Test-BgMigration.Tests.ps1' = 33.7
    'Sandbox.Ssm.Tests.ps1' = 33.6
    'Get-BgMigrationDiff.Tests.ps1' = 32.8
    'Get-BgMachine.Tests.ps1' = 26.9
    'Get-BgDeployment.Tests.ps1' = 23.9
    'Invoke-BgCompose.Tests.ps1' = 22.5
    'Start-BgDeployment.Metrics.Tests.ps1' = 20.4
    'Start-BgSandbox.Tests.ps1' = 20
    'Unlock-BgDeployment.Tests.ps1' = 15.8
    'Module.Tests.ps1' = 14.4
    'Support.ManageServer.Tests.ps1' = 13
    'Module.LoadContext.Tests.ps1' = 8.3
    'Stop-BgSandbox.Tests.ps1' = 4.4
    'Get-BgTargetGroup.Tests.ps1' = 3.6
    'New-BgConfiguration.Tests.ps1' = 2.8
    'Support.TestHttpServer.Tests.ps1' = 1.9
    'TrafficLoop.Tests.ps1' = 4
}
