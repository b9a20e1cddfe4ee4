# Deadline: 600 s
# The production path's failures (issue 19), on the sandbox's host instances behind the seed's load balancer: each one
# is a clear error naming the machine and what to fix, the failed machine is removed (its instance terminated, its
# known-hosts entry gone) and nothing else changes. A host whose sshd presents keys other than its console output
# announces (a man in the middle) is refused; an address reused by a new instance with a new host key is trusted again
# once that key is verified; an instance whose Docker never starts, one without Docker, a wrong ssh user and a key
# the instance does not accept each fail at launch.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../demo/Ec2World.psm1') -Force
    # The world's AWS CLI commands through the kept-loaded CLI (Invoke-AwsJson), not a python process each.
    Set-SeedAwsInvoker { param($Endpoint, $Arguments) Invoke-AwsJson -Endpoint $Endpoint -Arguments $Arguments }
    Use-TestAwsEnvironment

    function Get-SkipReason([string] $Otherwise) { if ($script:SkipReason) { $script:SkipReason } else { "an earlier step failed: $Otherwise" } }

    function Get-Instance([string] $InstanceId) {
        (Invoke-SeedAws $World.Sandbox.Endpoint ec2 describe-instances --instance-ids $InstanceId).Reservations[0].Instances[0]
    }

    function Get-ProjectInstance {
        # The world's instances EC2 still counts as alive (pending or running), whoever launched them.
        @((Invoke-SeedAws $World.Sandbox.Endpoint ec2 describe-instances --filters "Name=tag:bluegreen:project,Values=$($World.Name)" `
                "Name=instance-state-name,Values=pending,running").Reservations | ForEach-Object { $_.Instances })
    }

    function Get-KnownAddress { @(Get-Content $World.KnownHosts -ErrorAction Ignore | Where-Object { $_ -and -not $_.StartsWith('#') } | ForEach-Object { ($_ -split ' ')[0] } | Sort-Object -Unique) }

    function Invoke-FailedLaunch {
        # New-BgMachine with -Config, expected to fail: returns its error record; checks that it left no instance alive,
        # no target registered and no known-hosts entry beyond those of -Keep.
        param([Parameter(Mandatory)] [string] $Config, [string[]] $KeepAddress = @())
        $failure = $null
        $targetsBefore = (@((Get-BgTargetGroup -ConfigPath $World.Config).Targets | ForEach-Object Id | Sort-Object) -join ', ')
        try { $null = New-BgMachine -ConfigPath $Config -Count 1 -TargetGroup Idle -Release failing -ErrorAction Stop }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty -Because 'the launch must fail'
        Wait-Until { @(Get-ProjectInstance | Where-Object { $_.InstanceId -notin $script:Kept }).Count -eq 0 } -TimeoutSeconds 30 -Because 'the failed machine''s instance is terminated'
        (@((Get-BgTargetGroup -ConfigPath $World.Config).Targets | ForEach-Object Id | Sort-Object) -join ', ') | Should -Be $targetsBefore -Because 'nothing was registered'
        @(Get-KnownAddress | Where-Object { $_ -notin $KeepAddress }) | Should -BeNullOrEmpty -Because 'the failed machine''s host key is not kept'
        $failure
    }

    $script:Kept = @()
    $script:Setup = Initialize-DockerTestEnvironment
    $script:SkipReason = if (-not $Setup.Ready) { $Setup.Reason } else { Get-Ec2WorldBlocker }
    if (-not $SkipReason) {
        $archive = Export-BaseImageArchive -BaseImage $Setup.BaseImage
        if (-not $archive.Ready) { $script:SkipReason = $archive.Reason }
    }
    if ($SkipReason) {
        Write-Warning "The production-path failure tests are skipped: $SkipReason"
        return
    }
    $script:World = New-Ec2World -Name ec2f -DatabaseUrl $Setup.PostgreSql.DatabaseUrl -ImageArchive $archive.Path
    $null = Initialize-BgLoadBalancer -ConfigPath $World.Config -Confirm:$false -ErrorAction Stop
}

AfterAll {
    if ($script:World) { Remove-Ec2World $World }
    if ($script:Setup -and $Setup.PostgreSql -and $Setup.PostgreSql.Ready) { $null = Remove-PostgreSqlDatabase -Database $Setup.PostgreSql.Database }
    if ($script:Setup -and $Setup.Engine -and $Setup.Engine.How -eq 'Started') { $null = Stop-DockerEngine }
    if ($script:Setup -and $Setup.PostgreSql -and $Setup.PostgreSql.How -eq 'Started') { $null = Stop-PostgreSql }
}

Describe 'The production path refuses what it cannot trust or use, and leaves nothing behind' -Tag Docker, AwsCli {
    It 'refuses a host whose ssh key is not the one its console output announces: HostKeyMismatch, the instance terminated, nothing deployed' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $config = New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'impostor.psd1') -ImageId $World.Sandbox.HostImages.ImpostorHostKey
        $failure = Invoke-FailedLaunch -Config $config
        $failure.FullyQualifiedErrorId | Should -Match 'HostKeyMismatch'
        $failure.Exception.Message | Should -Match 'i-[0-9a-f]{17}' -Because 'the error names the instance'
        $failure.Exception.Message | Should -Match 'SHA256:' -Because 'the error names the fingerprints that did not match'
        @($World.Sandbox.GetHostInstances() | Where-Object Image -EQ 'ImpostorHostKey' | Where-Object Phase -NotIn 'Stopping', 'Stopped') | Should -BeNullOrEmpty
    }

    It 'trusts an address reused by a new instance once its new host key is verified, replacing the stale entry' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        # What is under test is ssh trust, not the shop: each machine runs the base image its AMI already has, so
        # compose starts it at once instead of building the shop on every new instance (about 40 s each on 2 cores).
        Set-Content -Path (Join-Path $World.App 'keycheck.yml') -Value @(
            'version: "3.8"', 'services:', '  django:', '    image: bluegreen/shop-base:latest', '    network_mode: host', '    command: ["sleep", "infinity"]')
        $config = New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'keycheck.psd1') -ComposeFile keycheck.yml
        $first = @(New-BgMachine -ConfigPath $config -Count 1 -TargetGroup Idle -Release 1 -ErrorAction Stop)[0]
        $address = $first.Address
        $firstKeys = @(Get-Content $World.KnownHosts | Where-Object { ($_ -split ' ')[0] -eq $address })
        $firstKeys | Should -Not -BeNullOrEmpty
        # Terminated behind BlueGreen's back (the console, another tool): its entry stays in BlueGreen's file.
        $null = Invoke-SeedAws $World.Sandbox.Endpoint ec2 terminate-instances --instance-ids $first.InstanceId
        Wait-Until { (Get-Instance $first.InstanceId).State.Name -eq 'terminated' } -TimeoutSeconds 60 -Because 'the first instance terminates'
        Wait-Until { @($World.Sandbox.GetHostInstances() | Where-Object { $_.Address -eq $address -and $_.Phase -ne 'Stopped' }).Count -eq 0 } -TimeoutSeconds 60 -Because 'its address is free'
        $second = @(New-BgMachine -ConfigPath $config -Count 1 -TargetGroup Idle -Release 1 -ErrorAction Stop)[0]
        $second.Address | Should -Be $address -Because 'the sandbox reuses the lowest free address, as EC2 reuses addresses'
        $second.InstanceId | Should -Not -Be $first.InstanceId
        $secondKeys = @(Get-Content $World.KnownHosts | Where-Object { ($_ -split ' ')[0] -eq $address })
        $secondKeys | Should -Not -BeNullOrEmpty
        @($secondKeys | Where-Object { $_ -in $firstKeys }) | Should -BeNullOrEmpty -Because 'the stale keys were replaced by the verified new ones'
        ($second | Invoke-BgCompose -ConfigPath $config ps -Confirm:$false) -join "`n" | Should -Match 'django' -Because 'compose reaches the new instance over ssh with its verified key'
        $second | Remove-BgMachine -ConfigPath $config -Force -Confirm:$false -ErrorAction Stop
        Get-KnownAddress | Should -Not -Contain $address -Because 'removing a machine removes its known-hosts entry'
    }

    It 'fails clearly when Docker never starts on the instance, naming it and the last error, and removes it' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $config = New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'never.psd1') -ImageId $World.Sandbox.HostImages.DockerNeverStarts -DockerTimeoutSeconds 8
        $failure = Invoke-FailedLaunch -Config $config
        $failure.FullyQualifiedErrorId | Should -Match 'DockerNotReady'
        $failure.Exception.Message | Should -Match 'i-[0-9a-f]{17}'
        $failure.Exception.Message | Should -Match 'Cannot connect to the Docker daemon' -Because 'the timeout names the last error'
    }

    It 'fails clearly on an instance without Docker, a wrong ssh user and a key the instance does not accept' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $noDocker = Invoke-FailedLaunch -Config (New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'nodocker.psd1') -ImageId $World.Sandbox.HostImages.NoDocker)
        $noDocker.FullyQualifiedErrorId | Should -Match 'DockerNotInstalled'
        $noDocker.Exception.Message | Should -Match 'i-[0-9a-f]{17}'

        $wrongUser = Invoke-FailedLaunch -Config (New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'user.psd1') -SshUser ubuntu)
        $wrongUser.FullyQualifiedErrorId | Should -Match 'SshLoginRefused'
        $wrongUser.Exception.Message | Should -Match "'ubuntu'|ubuntu@" -Because 'the error names the user'

        $otherKey = Join-Path $World.Work 'ssh/other_ed25519'
        & /usr/bin/ssh-keygen -q -t ed25519 -N '' -f $otherKey
        $wrongKey = Invoke-FailedLaunch -Config (New-Ec2WorldConfig -World $World -Path (Join-Path $World.App 'key.psd1') -IdentityFile $otherKey)
        $wrongKey.FullyQualifiedErrorId | Should -Match 'SshLoginRefused'
        $wrongKey.Exception.Message | Should -Match ([regex]::Escape($World.KeyName)) -Because 'the error names the key pair to check'
    }
}
