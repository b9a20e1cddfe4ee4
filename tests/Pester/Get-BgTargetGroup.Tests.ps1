# Get-BgTargetGroup against the sandbox's seeded world.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox -Seed
    $script:Project = @{ Project = 'demo'; LoadBalancer = 'bluegreen-demo' }
}

AfterAll {
    Stop-BgSandbox
}

Describe 'Get-BgTargetGroup' {
    It 'returns both groups: blue live with its healthy targets and what forwards to it, green idle' {
        $groups = Get-BgTargetGroup @Project
        $groups | Should -HaveCount 2
        $blue, $green = $groups
        $blue.PSObject.TypeNames[0] | Should -Be 'BlueGreen.Traffic.ProjectTargetGroup'
        $blue.Name | Should -Be 'bluegreen-demo-blue'
        $blue.Color | Should -Be 'blue'
        $blue.Role | Should -Be 'Live'
        $blue.Weight | Should -Be 100
        $blue.Arn | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:\d{12}:targetgroup/bluegreen-demo-blue/[0-9a-f]{16}$'
        $blue.TargetCount | Should -Be 2
        $blue.HealthyCount | Should -Be 2
        $blue.Targets.Id | ForEach-Object { $_ | Should -Match '^i-[0-9a-f]{17}$' }
        $blue.ForwardedBy | Should -Contain 'HTTP:80 default'
        $blue.ForwardedBy | Should -Contain 'HTTPS:443 default'
        @($blue.ForwardedBy | Where-Object { $_ -like 'HTTPS:443 rule*' }).Count | Should -Be 1
        $blue.ForwardedBy | Where-Object { $_ -like '*8080*' } | Should -BeNullOrEmpty
        $green.Name | Should -Be 'bluegreen-demo-green'
        $green.Role | Should -Be 'Idle'
        $green.Weight | Should -Be 0
        $green.ForwardedBy | Should -Be @('HTTPS:443 rule 1 (preview)') -Because 'the preview rule keeps the idle group health-checked'
    }

    It 'filters by -Role' {
        (Get-BgTargetGroup @Project -Role Idle).Name | Should -Be 'bluegreen-demo-green'
        (Get-BgTargetGroup @Project -Role Live).Name | Should -Be 'bluegreen-demo-blue'
        Get-BgTargetGroup @Project -Role Split | Should -BeNullOrEmpty
    }

    It 'reads the project from bluegreen.psd1 in the current directory, and explicit target group names' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("bg-get-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
        Push-Location $dir
        try {
            New-BgConfiguration -Project demo -LoadBalancer bluegreen-demo -TargetGroupName bluegreen-demo-green, bluegreen-demo-blue | Out-Null
            (Get-BgTargetGroup -Role Live).Name | Should -Be 'bluegreen-demo-blue'
        }
        finally {
            Pop-Location
            Remove-Item $dir -Recurse -Force
        }
    }

    It 'says what to do when there is no project file and no -Project/-LoadBalancer' {
        Push-Location ([IO.Path]::GetTempPath())
        try {
            { Get-BgTargetGroup -ErrorAction Stop } | Should -Throw -ErrorId 'GetBgTargetGroupConfigurationNotFound,*'
        }
        finally { Pop-Location }
    }

    It 'writes where region and endpoint came from to the verbose stream, never the secret key' {
        $saved = $env:AWS_SECRET_ACCESS_KEY
        $env:AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI7K7MDENGbPxRfiCYSECRET'
        try {
            $verbose = Get-BgTargetGroup @Project -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        }
        finally { $env:AWS_SECRET_ACCESS_KEY = $saved }
        ($verbose.Message -join "`n") | Should -Match 'region: us-east-1'
        ($verbose.Message -join "`n") | Should -Match ([regex]::Escape($Sandbox.Endpoint.AbsoluteUri.TrimEnd('/')))
        ($verbose.Message -join "`n") | Should -Not -Match 'wJalrXUtnFEMI7K7MDENGbPxRfiCYSECRET' -Because 'secrets never appear in any stream'
    }
}
