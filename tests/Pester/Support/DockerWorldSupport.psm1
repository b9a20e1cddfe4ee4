# What the real-container deployment files (Docker.Deployment, Docker.Ec2) share: the step clock and its report, the
# recorders of the docker and docker-compose commands BlueGreen runs, one request through the world's listener, and
# the end of the Docker test environment (tests/docker/DockerTestSupport.psm1 makes it).

Import-Module (Join-Path $PSScriptRoot '../../docker/DockerTestSupport.psm1')

$script:Clock = $null
$script:Times = [ordered]@{}
$script:Recorder = $null

function Start-StepClock {
    # Starts the file's clock; Measure-Step records each step's seconds, Write-StepTime prints them.
    $script:Clock = [Diagnostics.Stopwatch]::StartNew()
    $script:Times = [ordered]@{}
}

function Measure-Step {
    # Runs -Script and records its seconds under -Name (also when it throws); returns what it returns.
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [Parameter(Mandatory, Position = 1)] [scriptblock] $Script)
    $stepClock = [Diagnostics.Stopwatch]::StartNew()
    try { & $Script } finally { $script:Times[$Name] = [math]::Round($stepClock.Elapsed.TotalSeconds, 1) }
}

function Write-StepTime {
    param([Parameter(Mandatory)] [string] $Title)
    if (-not $script:Times.Count) { return }
    Write-Host "${Title} (seconds):"
    foreach ($name in $script:Times.Keys) { Write-Host ("  {0,7:N1}  {1}" -f $script:Times[$name], $name) }
    if ($script:Clock) { Write-Host ("  {0,7:N1}  the whole file" -f $script:Clock.Elapsed.TotalSeconds) }
}

function Start-CommandRecorder {
    # Puts recording wrappers of -Command (e.g. docker, docker-compose) first on PATH: each call is logged (time, exit
    # code, seconds, directory, arguments), then is the real program. Returns the log's path.
    param([Parameter(Mandatory)] [string[]] $Command)
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('bg-recorder-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $log = Join-Path $folder 'calls.log'
    foreach ($name in $Command) {
        $real = (Get-Command $name -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        $wrapper = Join-Path $folder $name
        Set-Content -Path $wrapper -Value @"
#!/bin/bash
start=`$(date +%s.%N)
'$real' "`$@"
rc=`$?
seconds=`$(awk -v a="`$start" -v b="`$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "`$(date -u +%H:%M:%S)" "`$rc" "`$seconds" "`$PWD" '$name' "`$*" >> '$log'
exit `$rc
"@
        & chmod 0755 $wrapper
    }
    $script:Recorder = [pscustomobject]@{ Folder = $folder; Log = $log; SavedPath = $env:PATH }
    $env:PATH = "$folder$([IO.Path]::PathSeparator)$env:PATH"
    $log
}

function Get-RecordedCommand {
    # The recorded calls of -Command: Time, ExitCode, Seconds, Directory, Arguments (one string).
    param([Parameter(Mandatory)] [string] $Command)
    if (-not $script:Recorder -or -not (Test-Path $script:Recorder.Log)) { return }
    Get-Content $script:Recorder.Log | ForEach-Object {
        $fields = $_ -split "`t", 6
        if ($fields[4] -eq $Command) {
            [pscustomobject]@{ Time = $fields[0]; ExitCode = [int] $fields[1]; Seconds = [double] $fields[2]; Directory = $fields[3]; Arguments = $fields[5] }
        }
    }
}

function Stop-CommandRecorder {
    # Prints the recorded calls, restores PATH, removes the wrappers.
    if (-not $script:Recorder) { return }
    if (Test-Path $script:Recorder.Log) {
        Write-Host 'docker and compose commands run (time, exit code, seconds, directory, program, arguments):'
        Get-Content $script:Recorder.Log | ForEach-Object { Write-Host "  $_" }
    }
    $env:PATH = $script:Recorder.SavedPath
    Remove-Item $script:Recorder.Folder -Recurse -Force -ErrorAction Ignore
    $script:Recorder = $null
}

function Get-ListenerAnswer {
    # One request through the world's HTTP:80 listener: Status (0 when nothing answered), Json (of a 200 on /), Body.
    param([Parameter(Mandatory)] [string] $SiteUrl, [string] $Path = '/')
    try {
        $response = Invoke-WebRequest -Uri ($SiteUrl.TrimEnd('/') + $Path) -TimeoutSec 10 -SkipHttpErrorCheck
        $json = if ($response.StatusCode -eq 200 -and $Path -eq '/') { $response.Content | ConvertFrom-Json } else { $null }
        [pscustomobject]@{ Status = [int] $response.StatusCode; Json = $json; Body = "$($response.Content)" }
    } catch { [pscustomobject]@{ Status = 0; Json = $null; Body = $_.Exception.Message } }
}

function Complete-DockerTestEnvironment {
    # Drops the file's database and stops what Initialize-DockerTestEnvironment started for it (nothing already running).
    param($Setup)
    if (-not $Setup) { return }
    if ($Setup.PostgreSql -and $Setup.PostgreSql.Ready) { $null = Remove-PostgreSqlDatabase -Database $Setup.PostgreSql.Database }
    if ($Setup.Engine -and $Setup.Engine.How -eq 'Started') { $null = Stop-DockerEngine }
    if ($Setup.PostgreSql -and $Setup.PostgreSql.How -eq 'Started') { $null = Stop-PostgreSql }
}

Export-ModuleMember -Function Start-StepClock, Measure-Step, Write-StepTime, Start-CommandRecorder, Get-RecordedCommand, Stop-CommandRecorder,
    Get-ListenerAnswer, Complete-DockerTestEnvironment
