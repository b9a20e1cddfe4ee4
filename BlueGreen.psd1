@{
    RootModule           = 'BlueGreen.PowerShell.dll'
    # Loaded first: isolates the engine's dependencies in BlueGreen's own AssemblyLoadContext (see src/BlueGreen.PowerShell.Loader).
    NestedModules        = @('BlueGreen.PowerShell.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = 'b3f2d0c4-5a61-4c8e-9d7e-2f0b6c1e9a47'
    Author               = 'BlueGreen'
    CompanyName          = 'BlueGreen'
    Copyright            = '(c) BlueGreen. All rights reserved.'
    Description          = 'Blue-green deployments of Docker Compose Django apps behind an AWS Application Load Balancer with two target groups.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('BlueGreen.Format.ps1xml')
    # Explicit, no wildcards: tests/Pester/Module.Tests.ps1 compares this list with the [Cmdlet] classes in the assembly.
    CmdletsToExport      = @(
        'Start-BgSandbox'
        'Stop-BgSandbox'
        'Get-BgSandbox'
        'New-BgConfiguration'
        'Get-BgTargetGroup'
        'Switch-BgTargetGroup'
        'Initialize-BgLoadBalancer'
        'Get-BgMigrationDiff'
        'Undo-BgMigration'
        'Test-BgMigration'
        'New-BgMachine'
        'Get-BgMachine'
        'Remove-BgMachine'
        'Invoke-BgCompose'
        'Invoke-BgManage'
        'Get-BgDeployment'
        'Get-BgDeploymentLock'
        'Lock-BgDeployment'
        'Unlock-BgDeployment'
        'Start-BgDeployment'
        'Resume-BgDeployment'
        'Undo-BgDeployment'
        'Complete-BgDeployment'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('AWS', 'ELB', 'BlueGreen', 'Deployment', 'Django', 'Docker')
            ProjectUri = 'https://example.invalid/bluegreen'
        }
    }
}
