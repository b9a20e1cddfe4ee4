# Lock-BgDeployment against the sandbox's SSM Parameter Store, read back with the official AWS CLI; two real pwsh
# processes race for the lock 50 times.
BeforeAll {
    Import-Module $env:BLUEGREEN_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/BlueGreenTestSupport.psm1') -Force
    Use-TestAwsEnvironment
    $script:Sandbox = Start-BgSandbox

    function Get-LockParameter([string] $Project = 'shop') {
        $result = Invoke-Aws $Sandbox.Endpoint ssm get-parameter --name "/bluegreen/$Project/lock"
        if ($result.ExitCode -ne 0) { return $null }
        $result.Json.Parameter
    }
}

AfterAll {
    Stop-BgSandbox
}

Describe 'Lock-BgDeployment' -Tag AwsCli {
    BeforeEach {
        $Sandbox.Reset()
        $Sandbox.ClearFaults()
        $Sandbox.ClearRequests()
    }

    It 'takes the lock with PutParameter without Overwrite and emits it with its LockId' {
        $lock = Lock-BgDeployment -Project shop -Message 'INC-1: failover'

        $lock.GetType().FullName | Should -Be 'BlueGreen.Deployment.DeploymentLock'
        $lock.LockId | Should -Match '^[0-9a-f]{16}$'
        $lock.Holder | Should -Be "$([Environment]::UserName)@$([Environment]::MachineName)"
        $lock.Operation | Should -Be 'Lock-BgDeployment'
        $lock.Message | Should -Be 'INC-1: failover'
        $put = @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter')
        $put.Count | Should -Be 1
        $put[0].Parameters['Overwrite'] | Should -Not -Be 'true'

        $stored = Get-LockParameter
        $stored.Type | Should -Be 'String'
        $value = $stored.Value | ConvertFrom-Json
        $value.lockId | Should -Be $lock.LockId
        $value.message | Should -Be 'INC-1: failover'
        $value.holder | Should -Be $lock.Holder
        [datetime]::Parse($value.acquiredAt).ToUniversalTime() | Should -BeGreaterThan ([datetime]::UtcNow.AddMinutes(-1))
    }

    It 'is refused while someone holds the lock, naming holder, time, operation and message, and changes nothing' {
        $held = Lock-BgDeployment -Project shop -Message 'first hold'
        $before = (Get-LockParameter).Value

        { Lock-BgDeployment -Project shop -Message 'second' -ErrorAction Stop } | Should -Throw -ErrorId 'LockBgDeploymentDeploymentLocked,*'
        try { Lock-BgDeployment -Project shop -Message 'second' -ErrorAction Stop } catch { $refusal = $_ }
        $refusal.CategoryInfo.Category | Should -Be 'ResourceBusy'
        $refusal.TargetObject.LockId | Should -Be $held.LockId
        $refusal.Exception.Message | Should -Match ([regex]::Escape($held.Holder))
        $refusal.Exception.Message | Should -Match ([regex]::Escape($held.AcquiredAt.ToString('yyyy-MM-dd HH:mm:ss')))
        $refusal.Exception.Message | Should -Match 'Lock-BgDeployment'
        $refusal.Exception.Message | Should -Match 'first hold'
        (Get-LockParameter).Value | Should -BeExactly $before
    }

    It '-WhatIf takes nothing' {
        Lock-BgDeployment -Project shop -Message 'not really' -WhatIf
        Get-LockParameter | Should -BeNullOrEmpty
        @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter').Count | Should -Be 0
    }

    It 'refuses an over-long message, and a hostile project name, before calling AWS' {
        { Lock-BgDeployment -Project shop -Message ('m' * 513) -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Lock-BgDeployment -Project '../etc' -Message 'x' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Lock-BgDeployment -Project "shop`n" -Message 'x' -ErrorAction Stop } | Should -Throw
        { Lock-BgDeployment -Project shop -Message "two`nlines" -ErrorAction Stop } | Should -Throw -ErrorId 'LockBgDeploymentStateTextInvalid,*'
        @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter').Count | Should -Be 0
    }

    It 'retries an injected <Code> on PutParameter and succeeds' -ForEach @(
        @{ Code = 'ThrottlingException'; Status = 400 }
        @{ Code = 'InternalServerError'; Status = 500 }
    ) {
        $Sandbox.FailNext('PutParameter', 2, $Code, $Status, $null, 'ssm') | Out-Null

        $lock = Lock-BgDeployment -Project shop -Message 'through the retries'

        $lock.LockId | Should -Match '^[0-9a-f]{16}$'
        $puts = @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter')
        $puts.Count | Should -Be 3
        @($puts | Where-Object FaultInjected).Count | Should -Be 2
        ((Get-LockParameter).Value | ConvertFrom-Json).lockId | Should -Be $lock.LockId
    }

    It 'fails with a translated error when PutParameter keeps failing, and holds nothing' {
        $Sandbox.FailNext('PutParameter', 10, 'InternalServerError', 500, $null, 'ssm') | Out-Null
        { Lock-BgDeployment -Project shop -Message 'never' -ErrorAction Stop } | Should -Throw -ErrorId 'LockBgDeploymentAwsInternalServerError,*'
        Get-LockParameter | Should -BeNullOrEmpty
    }

    It 'lets exactly one of two pwsh processes win, 50 times out of 50, and refuses the other naming the winner' {
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
        $dir = Join-Path $TestDrive 'race'
        New-Item -ItemType Directory $dir | Out-Null
        $racer = Join-Path $dir 'racer.ps1'
        Set-Content $racer @'
param([string] $Name, [string] $Dir, [int] $Rounds)
$ErrorActionPreference = 'Stop'
Import-Module $env:BLUEGREEN_MODULE
Get-BgDeploymentLock -Project race | Out-Null   # warm up: the SDK is loaded before the first round
Set-Content (Join-Path $Dir "$Name.ready") 'ready'
for ($round = 1; $round -le $Rounds; $round++) {
    $go = Join-Path $Dir "go-$round"
    while (-not (Test-Path $go)) { Start-Sleep -Milliseconds 2 }
    $at = [long](Get-Content $go -Raw)
    while ([DateTime]::UtcNow.Ticks -lt $at) { }   # both processes leave this barrier at the same instant
    $left = [DateTime]::UtcNow.Ticks
    $result = try {
        $lock = Lock-BgDeployment -Project race -Message "$Name round $round"
        @{ Round = $round; Name = $Name; Won = $true; LockId = $lock.LockId; Holder = $lock.Holder; Left = $left }
    }
    catch {
        @{ Round = $round; Name = $Name; Won = $false; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message; Left = $left }
    }
    $result | ConvertTo-Json -Compress | Set-Content (Join-Path $Dir "$Name-$round.json.tmp")
    Move-Item (Join-Path $Dir "$Name-$round.json.tmp") (Join-Path $Dir "$Name-$round.json")
}
'@
        $rounds = 50
        $processes = foreach ($name in 'A', 'B') {
            Start-Process -FilePath $pwsh[0] -PassThru -NoNewWindow -RedirectStandardError (Join-Path $dir "$name.err") -RedirectStandardOutput (Join-Path $dir "$name.out") `
                -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $racer, '-Name', $name, '-Dir', $dir, '-Rounds', $rounds))
        }
        try {
            Wait-Until -TimeoutSeconds 60 -Because 'both racers to be ready' { (Test-Path (Join-Path $dir 'A.ready')) -and (Test-Path (Join-Path $dir 'B.ready')) }
            $outcomes = for ($round = 1; $round -le $rounds; $round++) {
                Set-Content (Join-Path $dir "go-$round") ([DateTime]::UtcNow.AddMilliseconds(150).Ticks)
                Wait-Until -TimeoutSeconds 60 -IntervalMilliseconds 20 -Because "both results of round $round" { (Test-Path (Join-Path $dir "A-$round.json")) -and (Test-Path (Join-Path $dir "B-$round.json")) }
                $results = 'A', 'B' | ForEach-Object { Get-Content (Join-Path $dir "$_-$round.json") -Raw | ConvertFrom-Json }
                $winners = @($results | Where-Object Won)
                $losers = @($results | Where-Object { -not $_.Won })
                if ($winners.Count -eq 1) {
                    Unlock-BgDeployment -Project race -LockId $winners[0].LockId -Force -WarningAction SilentlyContinue
                }
                [pscustomobject]@{
                    Round   = $round
                    Winners = $winners.Count
                    Winner  = ($winners | Select-Object -First 1).Name
                    LockId  = ($winners | Select-Object -First 1).LockId
                    Holder  = ($winners | Select-Object -First 1).Holder
                    Loser   = $losers | Select-Object -First 1
                    SpreadMs = [math]::Abs($results[0].Left - $results[1].Left) / 10000
                }
            }
        }
        finally {
            $processes | Where-Object { -not $_.HasExited } | ForEach-Object { $_.Kill() }
        }

        @($outcomes).Count | Should -Be $rounds
        foreach ($outcome in $outcomes) {
            $outcome.Winners | Should -Be 1 -Because "round $($outcome.Round) has exactly one winner"
            $outcome.Loser.ErrorId | Should -BeLike 'LockBgDeploymentDeploymentLocked,*'
            $outcome.Loser.Message | Should -Match ([regex]::Escape($outcome.LockId))
            $outcome.Loser.Message | Should -Match ([regex]::Escape($outcome.Holder))
            $outcome.Loser.Message | Should -Match "$($outcome.Winner) round $($outcome.Round)"
        }
        $wins = $outcomes | Group-Object Winner | ForEach-Object { "$($_.Name)=$($_.Count)" }
        $spread = ($outcomes | Measure-Object SpreadMs -Average -Maximum)
        # How close together the two creates reached the sandbox, round by round (each round sends exactly two).
        $puts = @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter' | Sort-Object Sequence)
        $gaps = for ($i = 0; $i + 1 -lt $puts.Count; $i += 2) { ($puts[$i + 1].Time - $puts[$i].Time).TotalMilliseconds }
        $gap = $gaps | Measure-Object -Average -Maximum
        Write-Host (("Lock race: {0} rounds, exactly one winner each; wins {1}; the racers left the barrier {2:N2} ms apart on average (max {3:N2} ms); " +
            "their two PutParameter calls reached the sandbox {4:N1} ms apart on average (max {5:N1} ms).") -f $rounds, ($wins -join ', '), $spread.Average, $spread.Maximum, $gap.Average, $gap.Maximum)
        # Both really tried to create the lock every round: 100 PutParameter calls, none retried.
        @($Sandbox.Requests | Where-Object Action -EQ 'PutParameter').Count | Should -Be (2 * $rounds)
    }
}
