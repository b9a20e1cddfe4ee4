# The module as a whole: manifest vs assembly, cmdlet conventions, help.
BeforeDiscovery {
    # The per-cmdlet tests are generated from the module's commands, so it is imported for discovery too.
    Import-Module $env:BLUEGREEN_MODULE -Force
}

BeforeAll {
    $module = Import-Module $env:BLUEGREEN_MODULE -Force -PassThru
    $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $module.ModuleBase 'BlueGreen.PowerShell.dll'))
    $cmdletTypes = $assembly.GetTypes() | Where-Object { $_.IsPublic -and -not $_.IsAbstract -and $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) }
    $script:cmdletNames = $cmdletTypes | ForEach-Object {
        $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        "$($attribute.VerbName)-$($attribute.NounName)"
    } | Sort-Object
    $script:manifest = Import-PowerShellDataFile (Join-Path $module.ModuleBase 'BlueGreen.psd1')
    $script:commands = Get-Command -Module BlueGreen -CommandType Cmdlet
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'BlueGreen module' {
    It 'imports in a fresh pwsh -NoProfile without errors or warnings' {
        # The same PowerShell as this one; run as 'dotnet pwsh' (the local tool) the process is dotnet and pwsh.dll its argument.
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$env:BLUEGREEN_MODULE' -ErrorAction Stop -WarningAction Stop; (Get-Command -Module BlueGreen).Count" 2>&1
        $LASTEXITCODE | Should -Be 0
        [int]($output | Select-Object -Last 1) | Should -BeGreaterThan 0
    }

    It 'lists exactly the [Cmdlet] classes of the assembly in CmdletsToExport, without wildcards' {
        $exported = @($manifest.CmdletsToExport) | Sort-Object
        $exported | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        $exported | Should -Be $cmdletNames
        @($commands.Name | Sort-Object) | Should -Be $cmdletNames
    }

    It 'exports cmdlets only (no functions, aliases or variables by wildcard)' {
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
        @($manifest.VariablesToExport).Count | Should -Be 0
    }

    It 'keeps only the cmdlet assembly in the module root; dependencies live in deps/' {
        $module = Get-Module BlueGreen
        @(Get-ChildItem $module.ModuleBase -Filter *.dll | Sort-Object Name).Name | Should -Be @('BlueGreen.PowerShell.dll', 'BlueGreen.PowerShell.Loader.dll')
        Join-Path $module.ModuleBase 'deps/BlueGreen.Core.dll' | Should -Exist
        Join-Path $module.ModuleBase 'deps/AWSSDK.Core.dll' | Should -Exist
    }
}

Describe 'Cmdlet <Name>' -ForEach @((Get-Command -Module BlueGreen -CommandType Cmdlet).Name | ForEach-Object { @{ Name = $_ } }) {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $type = $command.ImplementingType
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
    }

    It 'uses an approved verb and the Bg noun prefix' {
        (Get-Verb).Verb | Should -Contain $command.Verb
        $command.Noun | Should -Match '^Bg[A-Z]'
    }

    It 'declares [OutputType]' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'declares ConfirmImpact High when it removes machines or reverts migrations (the deployment cmdlets: Medium, with one ShouldProcess per step)' {
        # The deployment cmdlets run in scheduled jobs and must never prompt unless -Confirm is given; they ask per
        # migration step and per machine under -Confirm, and -WhatIf changes nothing.
        if ($command.Noun -eq 'BgDeployment' -and $command.Verb -in 'Start', 'Resume', 'Undo', 'Complete') {
            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }
        elseif ($command.Verb -in 'Remove', 'Undo') {
            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        }
        if ($command.Verb -in 'Remove', 'Undo', 'Switch', 'New', 'Start', 'Stop', 'Initialize') {
            $attribute.SupportsShouldProcess -or $command.Noun -eq 'BgSandbox' | Should -BeTrue
        }
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name "
        ($help.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $undocumented = foreach ($parameterName in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $entry = $help.Parameters.Parameter | Where-Object Name -eq $parameterName
            if (-not $entry -or -not ($entry.Description.Text -join '').Trim()) { $parameterName }
        }
        $undocumented | Should -BeNullOrEmpty
    }

    It 'has at least two examples, each calling the cmdlet' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Match ([regex]::Escape($Name))
            ($example.Remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}
