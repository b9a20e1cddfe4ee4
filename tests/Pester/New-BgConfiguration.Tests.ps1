BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
}

Describe 'New-BgConfiguration' {
    BeforeEach {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("bg-config-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
        Push-Location $dir
    }
    AfterEach {
        Pop-Location
        Remove-Item $dir -Recurse -Force
    }

    It 'writes a commented bluegreen.psd1 that reads back to the same settings' {
        $config = New-BgConfiguration -Project shop -LoadBalancer shop-alb -TargetGroupName shop-blue, shop-green -Region eu-west-1
        'bluegreen.psd1' | Should -Exist
        $text = Get-Content bluegreen.psd1 -Raw
        $text | Should -Match '# Project name'
        $text | Should -Match "LoadBalancer = 'shop-alb'"
        $config.Project | Should -Be 'shop'
        $config.LoadBalancer | Should -Be 'shop-alb'
        $config.TargetGroups | Should -Be @('shop-blue', 'shop-green')
        $config.Region | Should -Be 'eu-west-1'
        $config.Machines.Prefix | Should -Be 'shop-'
        $config.Compose.File | Should -Be 'docker-compose.production.yml'
        $config.Compose.Service | Should -Be 'django'
        $config.Manage.Command | Should -Be @('python', '/app/manage.py')
        $config.Maintenance.On | Should -Be @('maintenance_mode', 'on')
        $config.Smoke.Paths | Should -Be @('/')
        $config.Smoke.ExpectedStatus | Should -Be 200
        $written = Import-PowerShellDataFile bluegreen.psd1
        $written.Smoke.Attempts | Should -Be 3
        $written.Smoke.AllowInvalidCertificate | Should -BeFalse
        $config.HealthTimeout | Should -Be ([timespan]::FromMinutes(5))
        (Import-PowerShellDataFile bluegreen.psd1).Project | Should -Be 'shop'
    }

    It 'writes a Deployment section that reads back to its defaults' {
        $config = New-BgConfiguration -Project shop -LoadBalancer shop-alb
        $text = Get-Content bluegreen.psd1 -Raw
        $text | Should -Match '(?m)^    Deployment = @\{'
        $text | Should -Match '# When maintenance comes on\. Auto: only around pending migrations the running release may not survive'
        $text | Should -Match 'Undo-BgDeployment reverts them'
        $written = (Import-PowerShellDataFile bluegreen.psd1).Deployment
        $written.Maintenance | Should -Be 'Auto'
        $written.CanaryWeight | Should -Be 0
        $written.CanaryDurationSeconds | Should -Be 300
        $written.BakeTimeSeconds | Should -Be 600
        $written.CheckIntervalSeconds | Should -Be 15
        $written.RevertMigrationsOnRollback | Should -BeFalse
        $written.DrainTimeoutSeconds | Should -Be 300
        $config.Deployment.Maintenance.ToString() | Should -Be 'Auto'
        $config.Deployment.CanaryWeight | Should -Be 0
        $config.Deployment.CanaryDuration | Should -Be ([timespan]::FromMinutes(5))
        $config.Deployment.BakeTime | Should -Be ([timespan]::FromMinutes(10))
        $config.Deployment.CheckInterval | Should -Be ([timespan]::FromSeconds(15))
        $config.Deployment.RevertMigrationsOnRollback | Should -BeFalse
        $config.Deployment.DrainTimeout | Should -Be ([timespan]::FromMinutes(5))
    }

    It 'writes -BakeTimeSeconds, -CanaryWeight and -MaintenancePolicy into the Deployment section' {
        $config = New-BgConfiguration -Project shop -LoadBalancer shop-alb -BakeTimeSeconds 0 -CanaryWeight 10 -MaintenancePolicy never
        $written = (Import-PowerShellDataFile bluegreen.psd1).Deployment
        $written.BakeTimeSeconds | Should -Be 0
        $written.CanaryWeight | Should -Be 10
        $written.Maintenance | Should -Be 'Never'
        $config.Deployment.BakeTime | Should -Be ([timespan]::Zero)
        $config.Deployment.CanaryWeight | Should -Be 10
        $config.Deployment.Maintenance.ToString() | Should -Be 'Never'
    }

    It 'refuses <Case> before writing anything' -ForEach @(
        @{ Case = 'a canary weight of 100'; Splat = @{ CanaryWeight = 100 }; Id = 'ParameterArgumentValidationError*' }
        @{ Case = 'a negative bake time'; Splat = @{ BakeTimeSeconds = -1 }; Id = 'ParameterArgumentValidationError*' }
        @{ Case = 'an unknown maintenance policy'; Splat = @{ MaintenancePolicy = 'Sometimes' }; Id = 'CannotConvertArgument*' }
    ) {
        { New-BgConfiguration -Project shop -LoadBalancer shop-alb @Splat -ErrorAction Stop } | Should -Throw -ErrorId $Id
        'bluegreen.psd1' | Should -Not -Exist
    }

    It 'changes nothing with -WhatIf' {
        New-BgConfiguration -Project shop -LoadBalancer shop-alb -WhatIf | Should -BeNullOrEmpty
        'bluegreen.psd1' | Should -Not -Exist
    }

    It 'refuses to overwrite without -Force and leaves the file as it was' {
        Set-Content bluegreen.psd1 '@{ Project = ''old''; LoadBalancer = ''old-alb'' }'
        { New-BgConfiguration -Project shop -LoadBalancer shop-alb -ErrorAction Stop } |
            Should -Throw -ErrorId 'NewBgConfigurationFileExists,BlueGreen.PowerShell.Cmdlets.Configuration.NewBgConfigurationCommand'
        Get-Content bluegreen.psd1 -Raw | Should -Match 'old-alb'
        (New-BgConfiguration -Project shop -LoadBalancer shop-alb -Force).Project | Should -Be 'shop'
    }

    It 'rejects a hostile project name before writing anything' {
        { New-BgConfiguration -Project 'x; rm -rf /' -LoadBalancer alb -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        'bluegreen.psd1' | Should -Not -Exist
    }
}

Describe 'bluegreen.psd1 validation (through a project cmdlet)' {
    BeforeEach {
        $file = Join-Path ([IO.Path]::GetTempPath()) ("bg-" + [guid]::NewGuid() + '.psd1')
    }
    AfterEach {
        Remove-Item $file -ErrorAction SilentlyContinue
    }

    It 'names the key and the fix for <Case>' -ForEach @(
        @{ Case = 'a missing Project'; Text = "@{ LoadBalancer = 'alb' }"; Id = 'ConfigurationMissingSetting'; Message = "'Project' is missing" }
        @{ Case = 'an unknown key'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; LoadBalancr = 'x' }"; Id = 'ConfigurationUnknownSetting'; Message = "unknown setting 'LoadBalancr'" }
        @{ Case = 'a nested unknown key'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; Machines = @{ Prefx = 'a-' } }"; Id = 'ConfigurationUnknownSetting'; Message = "'Machines.Prefx'" }
        @{ Case = 'one target group'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; TargetGroups = @('a') }"; Id = 'ConfigurationInvalidSetting'; Message = 'list exactly two' }
        @{ Case = 'a bad provider'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; Machines = @{ Provider = 'Kubernetes' } }"; Id = 'ConfigurationInvalidSetting'; Message = 'DockerMachine, Ec2' }
        @{ Case = 'a timeout out of range'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; HealthTimeoutSeconds = 0 }"; Id = 'ConfigurationInvalidSetting'; Message = '1..3600' }
        @{ Case = 'a bad maintenance policy'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; Deployment = @{ Maintenance = 'Sometimes' } }"; Id = 'ConfigurationInvalidSetting'; Message = "'Deployment.Maintenance' is 'Sometimes': use one of: Auto, Always, Never" }
        @{ Case = 'an unknown Deployment key'; Text = "@{ Project = 'p'; LoadBalancer = 'alb'; Deployment = @{ BakeSeconds = 60 } }"; Id = 'ConfigurationUnknownSetting'; Message = "unknown setting 'Deployment.BakeSeconds'*BakeTimeSeconds*" }
        @{ Case = 'code in the file'; Text = "@{ Project = (Get-Date); LoadBalancer = 'alb' }"; Id = 'ConfigurationNotLiteral'; Message = 'only literals' }
        @{ Case = 'a syntax error'; Text = "@{ Project = 'p'"; Id = 'ConfigurationSyntaxError'; Message = 'one PowerShell hashtable' }
    ) {
        Set-Content $file $Text
        $caught = $null
        try { Get-BgTargetGroup -ConfigPath $file -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike "*$Id,*"
        $caught.Exception.Message | Should -BeLike "*$Message*"
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
    }
}
