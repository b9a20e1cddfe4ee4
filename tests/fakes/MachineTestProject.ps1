# Helpers for the Pester tests of the machine cmdlets: a project folder with bluegreen.psd1 and a compose file,
# wired to the fake docker-machine and docker in this folder through the configurable executable paths (never
# through PATH), and the fakes' call log. Dot-source it in BeforeAll.

$script:FakeDirectory = $PSScriptRoot

function New-MachineTestProject {
    # Writes <Directory>/bluegreen.psd1 (project demo, load balancer bluegreen-demo: the sandbox's seeded world)
    # and <Directory>/docker-compose.production.yml; returns the path of bluegreen.psd1.
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [ValidateSet('Ec2', 'DockerMachine')] [string] $Provider = 'Ec2',
        [string] $Prefix = 'demo-',
        [int] $MaxParallelLaunches = 4,
        [string] $SubnetId = 'subnet-00000000',
        [string] $SecurityGroupId = 'sg-00000000',
        [string[]] $LocalCommand = @(),
        [string] $LocalWorkingDirectory = '.',
        [string] $ManageMode = 'Exec',
        [int] $CommandTimeoutSeconds = 900
    )
    New-Item -ItemType Directory -Force -Path $Directory | Out-Null
    Set-Content -Path (Join-Path $Directory 'known_hosts') -Value @()
    # BlueGreen writes its ssh wrapper and config under $XDG_STATE_HOME/bluegreen: the test's folder, not root's home.
    $env:XDG_STATE_HOME = Join-Path $Directory '.state'
    $quote = { param($value) "'" + ($value -replace "'", "''") + "'" }
    $local = if ($LocalCommand.Count) { '@(' + (($LocalCommand | ForEach-Object { & $quote $_ }) -join ', ') + ')' } else { '@()' }
    @"
@{
    Project      = 'demo'
    LoadBalancer = 'bluegreen-demo'
    CommandTimeoutSeconds = $CommandTimeoutSeconds
    Machines     = @{
        Prefix              = $(& $quote $Prefix)
        Provider            = '$Provider'
        MaxParallelLaunches = $MaxParallelLaunches
        Ec2                 = @{
            ImageId          = 'ami-0123456789abcdef0'
            InstanceType     = 't3.micro'
            SubnetId         = '$SubnetId'
            SecurityGroupIds = @('$SecurityGroupId')
            SshUser          = 'ubuntu'
            # The sandbox's instances have no sshd and print no console output (and ssh-keyscan may only reach loopback
            # addresses here): the fake world trusts host keys from a file it keeps, a real mode of BlueGreen's (keys or
            # a host CA you distribute). ssh still runs with StrictHostKeyChecking yes; the fake docker checks that the
            # ssh on its PATH says so (ssh -G). The console-output verification is proven by xunit against a real sshd.
            Ssh              = @{
                HostKeyTrust   = 'KnownHostsFile'
                KnownHostsFile = 'known_hosts'
            }
        }
        DockerMachine       = @{
            Executable    = $(& $quote (Join-Path $script:FakeDirectory 'docker-machine'))
            Driver        = 'amazonec2'
            CreateOptions = @('--amazonec2-instance-type', 't3.micro')
        }
    }
    Compose      = @{
        DockerExecutable = $(& $quote (Join-Path $script:FakeDirectory 'docker'))
        File             = 'docker-compose.production.yml'
        Service          = 'django'
        ProjectDirectory = '.'
    }
    Manage       = @{
        Command               = @('python', '/app/manage.py')
        Mode                  = '$ManageMode'
        LocalCommand          = $local
        LocalWorkingDirectory = $(& $quote $LocalWorkingDirectory)
    }
}
"@ | Set-Content -Path (Join-Path $Directory 'bluegreen.psd1')
    @"
services:
  django:
    build: .
    command: /start
  postgres:
    image: postgres:16
"@ | Set-Content -Path (Join-Path $Directory 'docker-compose.production.yml')
    Join-Path $Directory 'bluegreen.psd1'
}

function Reset-FakeState {
    # A fresh state and call log for the fakes; clears every fault-injection variable.
    param([Parameter(Mandatory)] [string] $Directory)
    if (Test-Path $Directory) { Remove-Item $Directory -Recurse -Force }
    New-Item -ItemType Directory -Path $Directory | Out-Null
    $env:BLUEGREEN_FAKE_DIR = $Directory
    Get-ChildItem Env:BLUEGREEN_FAKE_* | Where-Object Name -ne 'BLUEGREEN_FAKE_DIR' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
}

function Get-FakeCall {
    # The calls the fakes recorded, oldest first: tool, argv (the argument array as received), cwd, env, timing, exitCode.
    # Without -IncludeLookup it leaves out 'docker ps': the read-only lookup of the service's container before each
    # manage.py command (ServiceContainerFinder), which the fake refuses, so manage.py goes through compose exec.
    param([ValidateSet('docker', 'docker-machine')] [string] $Tool, [switch] $IncludeLookup)
    $log = Join-Path $env:BLUEGREEN_FAKE_DIR 'calls.jsonl'
    if (-not (Test-Path $log)) { return @() }
    Get-Content $log | ForEach-Object { $_ | ConvertFrom-Json -NoEnumerate } |
        Where-Object { (-not $Tool -or $_.tool -eq $Tool) -and ($IncludeLookup -or $_.tool -ne 'docker' -or $_.argv[0] -ne 'ps') }
}

function Invoke-FakeDockerMachine {
    # Runs the fake docker-machine directly (to set up machines a test did not launch through BlueGreen).
    & (Join-Path $script:FakeDirectory 'docker-machine') @args
    if ($LASTEXITCODE -ne 0) { throw "fake docker-machine $($args -join ' ') failed with exit code $LASTEXITCODE" }
}
