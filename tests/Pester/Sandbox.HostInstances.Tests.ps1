# Deadline: 600 s
# The sandbox's host instance runtime (Start-BgSandbox -InstanceRuntime Host): instances that are real hosts on this
# machine, each with its own 127.0.N.x address (a block of its sandbox's own), OpenSSH server and Docker engine (the example's base image preloaded),
# driven with the official AWS CLI and reached with the real ssh and docker clients, host keys checked against the
# console output. Skipped, with the reason, when this machine cannot run them (not root, no sshd/dockerd, port 22
# taken on every address, no Docker engine for the base image).
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../docker/DockerTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('bg-hosts-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $script:Work

    $script:SkipReason = $null
    foreach ($step in { Install-DockerPrerequisite }, { Start-DockerEngine }) {
        $outcome = & $step
        if (-not $outcome.Ready) { $script:SkipReason = $outcome.Reason; break }
    }
    if (-not $SkipReason) {
        $script:BaseImage = Build-BaseImage
        $archive = Export-BaseImageArchive -BaseImage $BaseImage
        if (-not $archive.Ready) { $script:SkipReason = $archive.Reason }
    }
    if (-not $SkipReason) {
        try {
            # 12 s pending: room for the CLI to read a console output before the boot even on a loaded machine (the
            # first test checks it is empty until then; a CLI call took up to about 10 s in a loaded CI run).
            $script:Sandbox = Start-BgSandbox -InstanceRuntime Host -HostImageArchive $archive.Path -InstanceBootTime '00:00:12' -ErrorAction Stop
        } catch {
            # Not root, no sshd or dockerd, or port 22 taken on every address: the cmdlet says which.
            if ($_.FullyQualifiedErrorId -notlike 'StartBgSandboxHostRuntimeUnavailable*') { throw }
            $script:SkipReason = "$_"
        }
    }
    if ($SkipReason) {
        Write-Warning "The host instance tests are skipped: $SkipReason"
        return
    }
    function Invoke-Aws { BlueGreenTestSupport\Invoke-Aws -Endpoint $script:Sandbox.Endpoint @args }
    function Invoke-AwsJson { BlueGreenTestSupport\Invoke-AwsJson -Endpoint $script:Sandbox.Endpoint @args }

    # The client's key, and an ssh that uses only this test's config: that key, this test's known_hosts, strict host
    # key checking, no prompt. docker -H ssh:// runs 'ssh' from PATH, so it gets the same settings.
    $script:Key = Join-Path $Work 'deploy'
    & ssh-keygen -q -t ed25519 -N '' -C deploy -f $Key
    $script:KnownHosts = Join-Path $Work 'known_hosts'
    $script:SshConfig = Join-Path $Work 'ssh_config'
    Set-Content $SshConfig @(
        'Host *', "  IdentityFile $Key", '  IdentitiesOnly yes', "  UserKnownHostsFile $KnownHosts", '  StrictHostKeyChecking yes',
        '  BatchMode yes', '  ConnectTimeout 10', '  LogLevel ERROR')
    $script:Bin = Join-Path $Work 'bin'
    $null = New-Item -ItemType Directory -Path $Bin
    Set-Content (Join-Path $Bin 'ssh') "#!/bin/sh`nexec /usr/bin/ssh -F '$SshConfig' `"`$@`""
    & chmod 755 (Join-Path $Bin 'ssh')
    $env:PATH = "${Bin}:$env:PATH"

    function Invoke-Ssh {
        # ssh root@ADDRESS COMMAND with this test's settings: exit code, output and error.
        param([Parameter(Mandatory)] [string] $Address, [Parameter(Mandatory)] [string] $Command, [string] $Config = $SshConfig)
        $errorFile = Join-Path $Work 'ssh.err'
        $output = & /usr/bin/ssh -F $Config "root@$Address" $Command 2> $errorFile
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output) -join "`n").Trim(); Error = (Get-Content -Raw $errorFile -ErrorAction Ignore) + '' }
    }

    function Get-ConsoleOutput([string] $InstanceId) {
        $json = Invoke-AwsJson ec2 get-console-output --instance-id $InstanceId
        if ($json.PSObject.Properties['Output'] -and $json.Output) { $json.Output } else { '' }
    }

    function Add-KnownHost([string] $Address, [string] $Console) {
        # Trust exactly the host keys the console printed between the KEYS markers.
        $lines = $Console -split "`r?`n"
        $begin = [array]::IndexOf($lines, '-----BEGIN SSH HOST KEY KEYS-----')
        $end = [array]::IndexOf($lines, '-----END SSH HOST KEY KEYS-----')
        $begin | Should -BeGreaterOrEqual 0
        $keys = @($lines[($begin + 1)..($end - 1)] | ForEach-Object { $parts = $_ -split ' '; "$Address $($parts[0]) $($parts[1])" })
        Add-Content $KnownHosts $keys
        $keys
    }

    function Get-State([string] $InstanceId) {
        (Invoke-AwsJson ec2 describe-instances --instance-ids $InstanceId).Reservations[0].Instances[0].State.Name
    }

    function Wait-Running([string[]] $InstanceId) {
        foreach ($id in $InstanceId) { Wait-Until { (Get-State $id) -eq 'running' } -TimeoutSeconds 60 -Because "$id to be running" }
    }

    function Test-Listening([string] $Address, [int] $Port = 22) {
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect([Net.IPAddress]::Parse($Address), $Port); $true } catch { $false } finally { $client.Dispose() }
    }

    function Test-ProcessAlive([int] $ProcessId) {
        $stat = Get-Content "/proc/$ProcessId/stat" -Raw -ErrorAction Ignore
        $stat -and $stat.Substring($stat.LastIndexOf(')') + 2, 1) -notin 'Z', 'X'
    }
}

AfterAll {
    if ($script:Sandbox) { Stop-BgSandbox -All }
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction Ignore }
}

Describe 'EC2 key pairs' -Tag Docker, AwsCli {
    It 'imports, creates, describes, filters and deletes key pairs with the fingerprints and errors of EC2' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $imported = Invoke-AwsJson ec2 import-key-pair --key-name deploy --public-key-material "fileb://$Key.pub" `
            --tag-specifications 'ResourceType=key-pair,Tags=[{Key=team,Value=shop}]'
        $imported.KeyPairId | Should -Match '^key-[0-9a-f]{17}$'
        # ED25519: base64 SHA-256 of the key, the hash ssh-keygen -l shows (with base64's padding).
        $sshFingerprint = ((& ssh-keygen -l -f "$Key.pub") -split ' ')[1] -replace '^SHA256:', ''
        $imported.KeyFingerprint | Should -Be "$sshFingerprint="
        Assert-AwsError InvalidKeyPair.Duplicate ImportKeyPair (Invoke-Aws ec2 import-key-pair --key-name deploy --public-key-material "fileb://$Key.pub")

        # RSA imported: MD5 of the DER public key, as colon hex.
        & ssh-keygen -q -t rsa -b 2048 -N '' -f (Join-Path $Work 'rsa')
        $rsa = Invoke-AwsJson ec2 import-key-pair --key-name rsa-imported --public-key-material "fileb://$Work/rsa.pub"
        $der = & /bin/sh -c "ssh-keygen -e -m PKCS8 -f '$Work/rsa.pub' | openssl pkey -pubin -outform DER | openssl md5 -c"
        $rsa.KeyFingerprint | Should -Be (($der -split '= ')[-1]).Trim()

        $created = Invoke-AwsJson ec2 create-key-pair --key-name made-ed --key-type ed25519
        $created.KeyMaterial | Should -Match '^-----BEGIN OPENSSH PRIVATE KEY-----'
        Set-Content (Join-Path $Work 'made-ed') $created.KeyMaterial
        & chmod 600 (Join-Path $Work 'made-ed')
        $public = (& ssh-keygen -y -f (Join-Path $Work 'made-ed')) -split ' '
        $described = (Invoke-AwsJson ec2 describe-key-pairs --key-names made-ed --include-public-key).KeyPairs[0]
        ($described.PublicKey -split ' ')[1] | Should -Be $public[1]
        $described.KeyType | Should -Be 'ed25519'
        $described.KeyFingerprint | Should -Be $created.KeyFingerprint
        $createdRsa = Invoke-AwsJson ec2 create-key-pair --key-name made-rsa
        $createdRsa.KeyMaterial | Should -Match '^-----BEGIN RSA PRIVATE KEY-----'
        $createdRsa.KeyFingerprint | Should -Match '^([0-9a-f]{2}:){19}[0-9a-f]{2}$'
        Assert-AwsError InvalidParameterValue CreateKeyPair (Invoke-Aws ec2 create-key-pair --key-name putty --key-format ppk)

        @((Invoke-AwsJson ec2 describe-key-pairs --filters 'Name=tag:team,Values=shop').KeyPairs.KeyName) | Should -Be @('deploy')
        @((Invoke-AwsJson ec2 describe-key-pairs --filters 'Name=key-name,Values=made-*').KeyPairs.KeyName) | Should -Be @('made-ed', 'made-rsa')
        @((Invoke-AwsJson ec2 describe-key-pairs --key-pair-ids $imported.KeyPairId).KeyPairs.KeyName) | Should -Be @('deploy')
        @((Invoke-AwsJson ec2 describe-key-pairs --filters "Name=fingerprint,Values=$($rsa.KeyFingerprint)").KeyPairs.KeyName) | Should -Be @('rsa-imported')

        $null = Invoke-AwsJson ec2 delete-key-pair --key-name made-rsa
        Assert-AwsError InvalidKeyPair.NotFound DescribeKeyPairs (Invoke-Aws ec2 describe-key-pairs --key-names made-rsa)
        Assert-AwsError InvalidKeyPair.NotFound DeleteKeyPair (Invoke-Aws ec2 delete-key-pair --key-pair-id key-0123456789abcdef0)
        Assert-AwsError InvalidKeyPair.NotFound RunInstances (Invoke-Aws ec2 run-instances --image-id $Sandbox.HostImages.Docker --key-name nobody)
    }
}

Describe 'Host instances' -Tag Docker, AwsCli {
    BeforeAll {
        if ($SkipReason) { return }
        $script:Launch = [Diagnostics.Stopwatch]::StartNew()
        $script:Pair = @((Invoke-AwsJson ec2 run-instances --image-id $Sandbox.HostImages.Docker --count 2 --key-name deploy).Instances)
        # Each console read through the API, then the instance's phase read in-process right after: a read followed
        # by a phase still 'Booting' was made before the boot, so its console must be empty (whatever the CLI's speed).
        $script:FirstConsole = @($Pair | ForEach-Object {
                $console = Get-ConsoleOutput $_.InstanceId
                $id = $_.InstanceId
                [pscustomobject]@{ InstanceId = $id; Console = $console; BeforeBoot = (($Sandbox.GetHostInstances() | Where-Object InstanceId -EQ $id).Phase -eq 'Booting') }
            })
        $script:FirstStates = @($Pair | ForEach-Object { $_.State.Name })
    }

    It 'gives each instance its own address in its sandbox''s 127.0.N block, lowest first, pending then running, console output only once booted' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $addresses = @($Pair.PrivateIpAddress)
        # The sandbox's own block of 127.0.0.0/8 (127.0.1 unless another sandbox holds it), its two lowest addresses.
        $block = $addresses[0] -replace '\.\d+$', ''
        $block | Should -Match '^127\.0\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$'
        $addresses | Should -Be @("$block.1", "$block.2")
        $FirstStates | Should -Be @('pending', 'pending')
        @($FirstConsole | Where-Object BeforeBoot).Count | Should -BeGreaterThan 0 -Because 'the console of an instance still booting was read (12 s pending)'
        @($FirstConsole | Where-Object { $_.BeforeBoot -and $_.Console }) | Should -BeNullOrEmpty -Because 'the console output is empty until the instance has booted'
        Wait-Running $Pair.InstanceId
        Write-Host "RunInstances to running (as the CLI saw it): $([math]::Round($Launch.Elapsed.TotalSeconds, 1)) s"
        # As in EC2, the public address shows once the instance runs.
        $running = @((Invoke-AwsJson ec2 describe-instances --instance-ids $Pair[0].InstanceId $Pair[1].InstanceId).Reservations.Instances)
        @($running.PublicIpAddress) | Should -Be $addresses
        @($running.PrivateDnsName) | Should -Be @($addresses | ForEach-Object { 'ip-' + ($_ -replace '\.', '-') + '.ec2.internal' })

        foreach ($instance in $Pair) {
            $console = Get-ConsoleOutput $instance.InstanceId
            $console | Should -Match 'ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----'
            $trusted = Add-KnownHost $instance.PrivateIpAddress $console
            # What the server presents is what the console printed.
            $scanned = @(& ssh-keyscan -t ecdsa,ed25519 $instance.PrivateIpAddress 2>$null | ForEach-Object { $_.Trim() } | Sort-Object)
            $scanned | Should -Be @($trusted | Sort-Object)
            $printed = @([regex]::Matches($console, 'ec2: 256 (SHA256:\S+) ') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
            $scannedFingerprints = @($trusted | ForEach-Object { $_ | & ssh-keygen -l -f - } | ForEach-Object { ($_ -split ' ')[1] } | Sort-Object)
            $printed | Should -Be $scannedFingerprints
        }
    }

    It 'lets root in with the key pair over checked host keys, and each instance has its own engine with the base image' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        # Docker 20.10's engine ID comes from /etc/docker/key.json, shared by every engine of this machine; the data
        # root is each engine's own.
        $roots = foreach ($instance in $Pair) {
            $address = $instance.PrivateIpAddress
            Wait-Until { (Invoke-Ssh $address 'docker info --format "{{.DockerRootDir}}"').ExitCode -eq 0 } -TimeoutSeconds 120 -Because "Docker on $address"
            $root = (Invoke-Ssh $address 'docker info --format "{{.DockerRootDir}}"').Output
            $root | Should -Be ($Sandbox.GetHostInstances() | Where-Object InstanceId -eq $instance.InstanceId).DataFolder
            $root
            (Invoke-Ssh $address 'docker images --format "{{.Repository}}:{{.Tag}}"').Output -split "`n" | Should -Contain $BaseImage.Tag
        }
        Write-Host "RunInstances to Docker usable over ssh (both): $([math]::Round($Launch.Elapsed.TotalSeconds, 1)) s"
        @($roots | Select-Object -Unique).Count | Should -Be 2
        (Invoke-Ssh $Pair[0].PrivateIpAddress 'whoami').Output | Should -Be 'root'

        $version = & docker -H "ssh://root@$($Pair[0].PrivateIpAddress)" version --format '{{.Server.Version}}' 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$version"
        & docker -H "ssh://root@$($Pair[1].PrivateIpAddress)" run --rm --network host $BaseImage.Alias true
        $LASTEXITCODE | Should -Be 0

        foreach ($status in $Sandbox.GetHostInstances()) {
            Write-Host ("{0} {1}: sshd up {2:N1} s, Docker up {3:N1} s (image load {4:N1} s), {5:N0} MB in {6} processes" -f $status.InstanceId, $status.Address,
                $status.SshUpSeconds, $status.DockerUpSeconds, $status.ImageLoadSeconds, ($status.MemoryBytes / 1MB), $status.ProcessIds.Count)
        }
    }

    It 'refuses a key that is not the key pair''s' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $Work 'stranger')
        $config = Join-Path $Work 'stranger_config'
        (Get-Content $SshConfig) -replace [regex]::Escape("IdentityFile $Key"), "IdentityFile $Work/stranger" | Set-Content $config
        $result = Invoke-Ssh $Pair[0].PrivateIpAddress 'true' -Config $config
        $result.ExitCode | Should -Be 255
        $result.Error | Should -Match 'Permission denied \(publickey\)'
    }

    It 'has images without Docker and with a Docker that never starts' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $none = (Invoke-AwsJson ec2 run-instances --image-id $Sandbox.HostImages.NoDocker --key-name deploy).Instances[0]
        $never = (Invoke-AwsJson ec2 run-instances --image-id $Sandbox.HostImages.DockerNeverStarts --key-name deploy).Instances[0]
        Wait-Running $none.InstanceId, $never.InstanceId
        $null = Add-KnownHost $none.PrivateIpAddress (Get-ConsoleOutput $none.InstanceId)
        $null = Add-KnownHost $never.PrivateIpAddress (Get-ConsoleOutput $never.InstanceId)

        $missing = Invoke-Ssh $none.PrivateIpAddress 'command -v docker || echo no-docker'
        $missing.Output | Should -Be 'no-docker'
        (Invoke-Ssh $none.PrivateIpAddress 'docker version').ExitCode | Should -Be 127

        (Invoke-Ssh $never.PrivateIpAddress 'command -v docker').ExitCode | Should -Be 0
        # Longer than a Docker instance takes (about 10 s here): the engine never answers.
        Start-Sleep -Seconds 15
        $info = Invoke-Ssh $never.PrivateIpAddress 'docker info --format "{{.ID}}"'
        $info.ExitCode | Should -Not -Be 0
        $info.Error | Should -Match 'Cannot connect to the Docker daemon'
        $null = Invoke-AwsJson ec2 terminate-instances --instance-ids $none.InstanceId $never.InstanceId
        Wait-Until { (Get-State $none.InstanceId) -eq 'terminated' -and (Get-State $never.InstanceId) -eq 'terminated' } -TimeoutSeconds 60 -Because 'both to terminate'
    }

    It 'makes a changed host key fail strict checking while the console output stays the same' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $instance = $Pair[1]
        $before = Get-ConsoleOutput $instance.InstanceId
        $Sandbox.ChangeHostKey($instance.InstanceId)
        $result = Invoke-Ssh $instance.PrivateIpAddress 'true'
        $result.ExitCode | Should -Be 255
        $result.Error | Should -Match 'REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed'
        Get-ConsoleOutput $instance.InstanceId | Should -BeExactly $before
    }

    It 'ends sshd, dockerd and containers on terminate, frees port 22 and reuses the address' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $instance = $Pair[0]
        $address = $instance.PrivateIpAddress
        # A container on the host network holding a port, as an app would.
        $run = Invoke-Ssh $address "docker run -d --network host $($BaseImage.Alias) python3 -m http.server 18080 --bind $address"
        $run.ExitCode | Should -Be 0 -Because $run.Error
        Wait-Until { Test-Listening $address 18080 } -TimeoutSeconds 30 -Because 'the container to listen'
        # The load balancer treats the instance as a real target: its health checks reach <address>:18080.
        $group = (Invoke-AwsJson elbv2 create-target-group --name hosts --protocol HTTP --port 18080 --vpc-id $Sandbox.VpcId `
            --health-check-path / --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2).TargetGroups[0]
        $balancer = (Invoke-AwsJson elbv2 create-load-balancer --name hosts --subnets $Sandbox.SubnetIds[0] $Sandbox.SubnetIds[1]).LoadBalancers[0]
        $null = Invoke-AwsJson elbv2 create-listener --load-balancer-arn $balancer.LoadBalancerArn --protocol HTTP --port 80 `
            --default-actions "Type=forward,TargetGroupArn=$($group.TargetGroupArn)"
        $null = Invoke-AwsJson elbv2 register-targets --target-group-arn $group.TargetGroupArn --targets "Id=$($instance.InstanceId),Port=18080"
        Wait-Until { ($Sandbox.GetTargetHealth($group.TargetGroupArn) | Select-Object -First 1).Value.State -eq 'healthy' } -TimeoutSeconds 60 -Because 'the health checks to reach the container'
        $Sandbox.GetTargetHealth($group.TargetGroupArn)[0].Key | Should -Be "$($instance.InstanceId):18080"

        $status = $Sandbox.GetHostInstances() | Where-Object InstanceId -eq $instance.InstanceId
        $pids = @($status.ProcessIds)
        $pids.Count | Should -BeGreaterThan 4

        $change = (Invoke-AwsJson ec2 terminate-instances --instance-ids $instance.InstanceId).TerminatingInstances[0]
        $change.CurrentState.Name | Should -Be 'shutting-down'
        Wait-Until { (Get-State $instance.InstanceId) -eq 'terminated' } -TimeoutSeconds 60 -Because 'the instance to terminate'
        @($pids | Where-Object { Test-ProcessAlive $_ }) | Should -BeNullOrEmpty
        Test-Listening $address 22 | Should -BeFalse
        Test-Listening $address 18080 | Should -BeFalse
        Test-Path $status.RunFolder | Should -BeFalse
        Test-Path $status.DataFolder | Should -BeFalse

        $next = (Invoke-AwsJson ec2 run-instances --image-id $Sandbox.HostImages.Docker --key-name deploy).Instances[0]
        $next.PrivateIpAddress | Should -Be $address
        Wait-Running $next.InstanceId
    }

    It 'leaves no process and no folder after Stop-BgSandbox' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $statuses = @($Sandbox.GetHostInstances())
        $statuses.Count | Should -BeGreaterThan 0
        $pids = @($statuses.ProcessIds)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Stop-BgSandbox $Sandbox
        Write-Host "Stop-BgSandbox with $($statuses.Count) host instance(s): $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s"
        @($pids | Where-Object { Test-ProcessAlive $_ }) | Should -BeNullOrEmpty
        foreach ($status in $statuses) {
            Test-Path $status.RunFolder | Should -BeFalse
            Test-Path $status.DataFolder | Should -BeFalse
            Test-Listening $status.Address 22 | Should -BeFalse
        }
        $script:Sandbox = $null
    }
}
