#requires -Version 7.2
<#
    Real Docker Compose for the tests (issue 12): what a test or build.ps1 calls to get a Docker engine, the example
    app's base image, and a PostgreSQL database on this machine, with no image registry.

    Every function is idempotent and quick when its work is already done. None throws because this machine cannot do
    something (not Debian, not root, no dockerd, a package that will not install): each returns an object whose Ready
    is $false and whose Reason says why, so the caller can skip loudly. They throw only when called wrongly.

    Initialize-DockerTestEnvironment runs them in order and returns the first Reason, or everything a test needs.
#>

Set-StrictMode -Version 3.0

# The Debian packages the Docker tests use on the host: the engine, Compose v1 (and paramiko, which its ssh:// support
# imports even when it runs the system ssh client), debootstrap for the base image, PostgreSQL and the driver the
# host-side checks use, and OpenSSH's server (the sandbox's host instances each run one sshd). Present = the dpkg
# status, so a half-installed package counts as missing.
$script:HostPackages = @('docker.io', 'docker-compose', 'python3-paramiko', 'debootstrap', 'postgresql', 'python3-psycopg2', 'openssh-server')

# Where this module keeps what it makes outside the repository.
$script:CacheRoot = if ($env:BLUEGREEN_DOCKER_CACHE) { $env:BLUEGREEN_DOCKER_CACHE } else { '/var/cache/bluegreen' }
$script:StateRoot = if ($env:BLUEGREEN_DOCKER_STATE) { $env:BLUEGREEN_DOCKER_STATE } else { '/run/bluegreen' }

# The engine as the tests start it: host networking only, no bridge, no iptables rules.
$script:DockerHost = 'unix:///var/run/docker.sock'
$script:DockerdArguments = @('--host', $script:DockerHost, '--bridge=none', '--iptables=false')

# The base image: its repository and the alias that compose/production/django/Dockerfile takes by default.
$script:BaseImageRepository = 'bluegreen/shop-base'
$script:BaseImageAlias = "$($script:BaseImageRepository):latest"
$script:ShopDirectory = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../examples/shop'))
$script:BasePackageFile = Join-Path $script:ShopDirectory 'compose/production/django/base-packages.txt'
# How the base image is made besides its packages: the debootstrap variant and docker import's changes. Part of the
# tag's hash, so that changing the recipe also makes a new image.
$script:BaseImageVariant = 'minbase'
$script:BaseImageChanges = @('ENV LANG=C.UTF-8', 'ENV PYTHONUNBUFFERED=1', 'CMD ["/bin/bash"]')

function New-Outcome {
    # The result every function returns: Ready, Reason (empty when Ready), How (what it found or did), and the rest.
    param([bool] $Ready, [string] $Reason = '', [string] $How = '', [hashtable] $Property = @{})
    $value = [ordered]@{ Ready = $Ready; Reason = $Reason; How = $How }
    foreach ($key in $Property.Keys) { $value[$key] = $Property[$key] }
    [pscustomobject] $value
}

function Invoke-Captured {
    # Runs a native command, returns its exit code and output (stdout and stderr each as one string); never throws.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [string] $InputText)
    $errorFile = [IO.Path]::GetTempFileName()
    try {
        $output = if ($PSBoundParameters.ContainsKey('InputText')) {
            $InputText | & $FilePath @ArgumentList 2> $errorFile
        } else {
            & $FilePath @ArgumentList 2> $errorFile
        }
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = (@($output) -join "`n").Trim()
            Error    = (Get-Content -Raw $errorFile -ErrorAction Ignore) + ''
        }
    } catch [System.Management.Automation.CommandNotFoundException] {
        [pscustomobject]@{ ExitCode = 127; Output = ''; Error = "$FilePath is not installed" }
    } finally {
        Remove-Item $errorFile -ErrorAction Ignore
    }
}

function Get-DebianInstallBlocker {
    # Why apt-get cannot be used here, or $null when it can (Debian, root, apt-get, not opted out).
    if (-not $IsLinux -or -not (Test-Path /etc/debian_version)) { return 'this is not Debian' }
    if (-not (Get-Command apt-get -ErrorAction Ignore)) { return 'apt-get is not on PATH' }
    if ((& id -u) -ne '0') { return 'this is not root' }
    if ($env:BLUEGREEN_NO_INSTALL -eq '1') { return 'BLUEGREEN_NO_INSTALL=1' }
    $null
}

function Test-DebianPackage {
    # Whether each package is fully installed (dpkg's 'install ok installed').
    param([Parameter(Mandatory)] [string[]] $Name)
    foreach ($package in $Name) {
        $status = Invoke-Captured dpkg-query '-W', '-f=${Status}', $package
        [pscustomobject]@{ Package = $package; Installed = ($status.ExitCode -eq 0 -and $status.Output -eq 'install ok installed') }
    }
}

function Install-DockerPrerequisite {
    <#
    .SYNOPSIS
        Installs the Debian packages the Docker tests need (docker.io, docker-compose, python3-paramiko, debootstrap,
        postgresql, python3-psycopg2, openssh-server) when any is missing: root on Debian only. A no-op, without apt-get, when all are there.
    #>
    [CmdletBinding()]
    param([string[]] $Package = $script:HostPackages)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $missing = @(Test-DebianPackage $Package | Where-Object { -not $_.Installed } | ForEach-Object Package)
    if (-not $missing) { return New-Outcome $true -How 'AlreadyInstalled' -Property @{ Installed = @(); Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) } }
    $blocker = Get-DebianInstallBlocker
    if ($blocker) {
        return New-Outcome $false "Missing Debian packages $($missing -join ', ') and not installing them because $blocker (install: apt-get install --no-install-recommends $($missing -join ' '))."
    }
    Write-Host "Installing for the Docker tests: $($missing -join ', ')" -ForegroundColor Yellow
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $update = Invoke-Captured apt-get '-o', 'DPkg::Lock::Timeout=300', 'update', '-q'
    if ($update.ExitCode -ne 0) { return New-Outcome $false "apt-get update failed ($($update.ExitCode)): $($update.Error.Trim())" }
    $install = Invoke-Captured apt-get (@('-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends') + $missing)
    $still = @(Test-DebianPackage $missing | Where-Object { -not $_.Installed } | ForEach-Object Package)
    if ($install.ExitCode -ne 0 -or $still) {
        return New-Outcome $false "apt-get install $($missing -join ' ') failed (exit $($install.ExitCode); still missing: $($still -join ', ')): $($install.Error.Trim())"
    }
    New-Outcome $true -How 'Installed' -Property @{ Installed = $missing; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
}

function Test-DockerEngine {
    # The engine's server version when the docker client reaches it, else $null (and the client's error in -Why).
    param([ref] $Why)
    $version = Invoke-Captured docker '--host', $script:DockerHost, 'version', '--format', '{{.Server.Version}}'
    if ($version.ExitCode -eq 0 -and $version.Output) { return $version.Output }
    if ($Why) { $Why.Value = ($version.Error.Trim() -split "`n" | Select-Object -Last 1) }
    $null
}

function Get-StartedDockerdFile { Join-Path $script:StateRoot 'dockerd.started' }

function Start-DockerEngine {
    <#
    .SYNOPSIS
        Makes a Docker engine answer on unix:///var/run/docker.sock: uses the one running, else starts Debian's
        dockerd in the background (host networking only: --bridge=none --iptables=false), logging to -LogPath, and
        waits for it up to -TimeoutSeconds. How is AlreadyRunning or Started; Stop-DockerEngine stops only the latter.
    #>
    [CmdletBinding()]
    param(
        [int] $TimeoutSeconds = 60,
        [string] $LogPath = (Join-Path $script:StateRoot 'dockerd.log')
    )
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $why = ''
    $version = Test-DockerEngine ([ref] $why)
    if ($version) { return New-Outcome $true -How 'AlreadyRunning' -Property @{ ServerVersion = $version; ProcessId = $null; LogPath = $null; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) } }
    if (-not (Get-Command docker -ErrorAction Ignore)) { return New-Outcome $false 'The docker client is not on PATH.' }
    $dockerd = Get-Command dockerd -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $dockerd) { return New-Outcome $false "No Docker engine answers ($why) and dockerd is not on PATH (Debian's docker.io installs /usr/sbin/dockerd)." }
    if ((& id -u) -ne '0') { return New-Outcome $false "No Docker engine answers ($why) and only root can start dockerd." }
    $null = New-Item -ItemType Directory -Force -Path $script:StateRoot, (Split-Path $LogPath)
    # setsid: dockerd outlives this PowerShell and is not in its process group (a test runner ending its child
    # processes must not end the engine half-way; Stop-DockerEngine ends it by its pid).
    $quoted = (@($dockerd.Source) + $script:DockerdArguments | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
    $started = Invoke-Captured /bin/bash '-c', "setsid $quoted >>'$LogPath' 2>&1 < /dev/null & echo `$!"
    $processId = 0
    if ($started.ExitCode -ne 0 -or -not [int]::TryParse($started.Output, [ref] $processId)) {
        return New-Outcome $false "Could not start dockerd: $($started.Error.Trim())"
    }
    Set-Content -Path (Get-StartedDockerdFile) -Value $processId
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $version = Test-DockerEngine
        if ($version) {
            return New-Outcome $true -How 'Started' -Property @{
                ServerVersion = $version; ProcessId = $processId; LogPath = $LogPath; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
        }
        if (-not (Test-Path "/proc/$processId")) { break }
        Start-Sleep -Milliseconds 250
    }
    $tail = (Get-Content $LogPath -Tail 5 -ErrorAction Ignore) -join "`n"
    $exited = -not (Test-Path "/proc/$processId")
    if (-not $exited) { Stop-DockerEngine | Out-Null }
    Remove-Item (Get-StartedDockerdFile) -ErrorAction Ignore
    $what = if ($exited) { 'dockerd exited' } else { "dockerd did not answer within $TimeoutSeconds s" }
    New-Outcome $false "$what (log $LogPath): $tail"
}

function Stop-DockerEngine {
    <#
    .SYNOPSIS
        Stops the dockerd that Start-DockerEngine started (its pid, recorded when it started it), and only that one;
        waits for it to exit. How is Stopped, or NotStartedHere when this module did not start the engine running.
    #>
    [CmdletBinding()]
    param([int] $TimeoutSeconds = 30)
    $file = Get-StartedDockerdFile
    if (-not (Test-Path $file)) { return New-Outcome $true -How 'NotStartedHere' }
    $processId = [int] (Get-Content $file -Raw).Trim()
    $commandLine = (Get-Content "/proc/$processId/cmdline" -Raw -ErrorAction Ignore) + ''
    if ($commandLine -notmatch 'dockerd') {
        Remove-Item $file
        return New-Outcome $true -How 'AlreadyExited'
    }
    & kill -TERM $processId
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ((Test-Path "/proc/$processId") -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
    if (Test-Path "/proc/$processId") { return New-Outcome $false "dockerd ($processId) did not exit within $TimeoutSeconds s of SIGTERM." }
    Remove-Item $file
    New-Outcome $true -How 'Stopped' -Property @{ ProcessId = $processId }
}

function Get-DebianMirror {
    <#
    .SYNOPSIS
        The Debian mirror this machine's apt uses for -Suite (component main): from /etc/apt/sources.list and
        /etc/apt/sources.list.d (one-line .list and deb822 .sources), or $null.
    #>
    param([Parameter(Mandatory)] [string] $Suite)
    $files = @('/etc/apt/sources.list') + @(Get-ChildItem /etc/apt/sources.list.d -File -ErrorAction Ignore | ForEach-Object FullName)
    foreach ($file in $files | Where-Object { Test-Path $_ }) {
        $text = Get-Content -Raw $file
        if ($file.EndsWith('.sources')) {
            foreach ($stanza in ($text -split "(`r?`n){2,}")) {
                $fields = @{}
                foreach ($line in $stanza -split "`r?`n" | Where-Object { $_ -match '^([A-Za-z-]+):\s*(.*)$' }) {
                    $null = $line -match '^([A-Za-z-]+):\s*(.*)$'
                    $fields[$Matches[1].ToLowerInvariant()] = $Matches[2].Trim()
                }
                if ($fields['enabled'] -eq 'no' -or ($fields['types'] -split '\s+') -notcontains 'deb') { continue }
                if (($fields['suites'] -split '\s+') -contains $Suite -and ($fields['components'] -split '\s+') -contains 'main') {
                    return ($fields['uris'] -split '\s+')[0]
                }
            }
        } else {
            foreach ($line in $text -split "`r?`n") {
                # deb [options] URI SUITE COMPONENT...
                if ($line -match '^\s*deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)$' -and $Matches[3] -eq $Suite -and
                    ($Matches[4] -split '\s+') -contains 'main') {
                    return $Matches[2]
                }
            }
        }
    }
    $null
}

function Get-BaseImagePackage {
    # The base image's packages: base-packages.txt beside the Dockerfile (one a line, '#' comments), sorted, unique.
    param([string] $Path = $script:BasePackageFile)
    if (-not (Test-Path $Path)) { throw "No base image package list at '$Path'." }
    @(Get-Content $Path | ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ } | Sort-Object -Unique -CaseSensitive)
}

function Get-BaseImageTag {
    <#
    .SYNOPSIS
        The base image's tag: bluegreen/shop-base:<suite>-<first 12 hex of SHA-256 of the suite, the sorted package
        list and the recipe (debootstrap variant, import changes)>. A change of any is a new tag, so a cached image is
        always the one asked for.
    #>
    param([Parameter(Mandatory)] [string] $Suite, [Parameter(Mandatory)] [string[]] $Package)
    $sorted = @($Package | Sort-Object -Unique -CaseSensitive)
    $lines = @("suite=$Suite", "variant=$($script:BaseImageVariant)") + @($script:BaseImageChanges | ForEach-Object { "change=$_" }) +
        @($sorted | ForEach-Object { "package=$_" })
    $text = ($lines -join "`n") + "`n"
    $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($text))).ToLowerInvariant()
    "$($script:BaseImageRepository):$Suite-$($hash.Substring(0, 12))"
}

function Get-DebianSuite {
    # This machine's Debian codename (bookworm), from /etc/os-release.
    $line = Get-Content /etc/os-release -ErrorAction Ignore | Where-Object { $_ -match '^VERSION_CODENAME=' } | Select-Object -First 1
    if ($line) { ($line -replace '^VERSION_CODENAME=', '').Trim('"') } else { $null }
}

function Remove-BootstrapDirectory {
    # Removes a debootstrap target, first unmounting what debootstrap mounted in it (proc, sys, dev/pts) when it was
    # stopped half-way, so that nothing of the host is deleted through a mount.
    param([Parameter(Mandatory)] [string] $Path)
    if (-not (Test-Path $Path)) { return }
    $full = [IO.Path]::GetFullPath($Path).TrimEnd('/')
    $mounts = @(Get-Content /proc/mounts | ForEach-Object { ($_ -split ' ')[1] -replace '\\040', ' ' } |
        Where-Object { $_ -eq $full -or $_.StartsWith("$full/") } | Sort-Object Length -Descending)
    foreach ($mount in $mounts) { & umount --lazy $mount 2>$null }
    if (@(Get-Content /proc/mounts | Where-Object { ($_ -split ' ')[1].StartsWith("$full/") })) {
        Write-Warning "Not removing ${full}: something is still mounted in it."
        return
    }
    Remove-Item $full -Recurse -Force -ErrorAction Ignore
}

function Build-BaseImage {
    <#
    .SYNOPSIS
        The example app's base image, built once with debootstrap (minbase + the packages of base-packages.txt) and
        docker import, cached by its tag (Get-BaseImageTag). How is Cached (docker image inspect found it) or Built.
        Also tags it bluegreen/shop-base:latest (Alias), the Dockerfile's and production.yml's default BASE_IMAGE.
    .PARAMETER Package
        The packages to include (default: compose/production/django/base-packages.txt of examples/shop).
    #>
    [CmdletBinding()]
    param(
        [string[]] $Package = (Get-BaseImagePackage),
        [string] $Suite = (Get-DebianSuite),
        [string] $Mirror,
        [string] $WorkRoot = (Join-Path $script:CacheRoot 'debootstrap')
    )
    $clock = [Diagnostics.Stopwatch]::StartNew()
    if (-not $Suite) { return New-Outcome $false 'Cannot tell the Debian suite (no VERSION_CODENAME in /etc/os-release).' }
    $tag = Get-BaseImageTag -Suite $Suite -Package $Package
    $sorted = @($Package | Sort-Object -Unique -CaseSensitive)
    $found = Invoke-Captured docker '--host', $script:DockerHost, 'image', 'inspect', '--format', '{{.Id}}', $tag
    if ($found.ExitCode -eq 0) {
        $null = Invoke-Captured docker '--host', $script:DockerHost, 'tag', $tag, $script:BaseImageAlias
        return New-Outcome $true -How 'Cached' -Property @{ Tag = $tag; Alias = $script:BaseImageAlias; ImageId = $found.Output; Package = $sorted; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
    }
    if (-not (Test-DockerEngine)) { return New-Outcome $false 'No Docker engine answers (Start-DockerEngine first).' }
    if (-not (Get-Command debootstrap -ErrorAction Ignore)) { return New-Outcome $false 'debootstrap is not installed (Debian package debootstrap).' }
    if ((& id -u) -ne '0') { return New-Outcome $false 'debootstrap needs root.' }
    if (-not $Mirror) { $Mirror = Get-DebianMirror -Suite $Suite }
    if (-not $Mirror) { return New-Outcome $false "No Debian mirror for '$Suite' (main) in /etc/apt/sources.list or /etc/apt/sources.list.d." }

    $null = New-Item -ItemType Directory -Force -Path $WorkRoot
    # What a build that was stopped half-way left (its process, named by the folder's suffix, is gone).
    foreach ($stale in Get-ChildItem $WorkRoot -Directory | Where-Object { $_.Name -match '\.(\d+)$' -and -not (Test-Path "/proc/$($Matches[1])") }) {
        Remove-BootstrapDirectory $stale.FullName
        Remove-Item "$($stale.FullName).log" -ErrorAction Ignore
    }
    $root = Join-Path $WorkRoot ("$($tag -replace '[^A-Za-z0-9.-]', '_').$PID")
    Remove-BootstrapDirectory $root
    $log = Join-Path $WorkRoot "$(Split-Path -Leaf $root).log"
    try {
        $outcome = & {
            Write-Host "Building $tag with debootstrap from $Mirror ($($sorted -join ','))" -ForegroundColor Yellow
            $bootstrap = Invoke-Captured /bin/bash '-c', 'debootstrap --variant="$1" --include="$2" "$3" "$4" "$5" > "$6" 2>&1', '_', $script:BaseImageVariant, ($sorted -join ','), $Suite, $root, $Mirror, $log
            if ($bootstrap.ExitCode -ne 0) {
                $tail = (Get-Content $log -Tail 8 -ErrorAction Ignore) -join "`n"
                return New-Outcome $false "debootstrap $Suite from $Mirror failed (exit $($bootstrap.ExitCode)): $tail"
            }
            $bootstrapSeconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
            # What an image needs no copy of: the downloaded .debs and apt's package lists.
            Remove-Item (Join-Path $root 'var/cache/apt/archives/*.deb'), (Join-Path $root 'var/lib/apt/lists/*') -Force -ErrorAction Ignore
            $changes = @(@($script:BaseImageChanges) + "LABEL org.bluegreen.base.suite=$Suite" + "LABEL org.bluegreen.base.packages=$($sorted -join ',')" |
                ForEach-Object { '--change', $_ })
            $quoted = ($changes | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
            $import = Invoke-Captured /bin/bash '-c', "set -o pipefail; tar -C `"`$1`" --numeric-owner -c . | docker --host '$($script:DockerHost)' import $quoted - `"`$2`"", '_', $root, $tag
            if ($import.ExitCode -ne 0) { return New-Outcome $false "docker import of $root as $tag failed ($($import.ExitCode)): $($import.Error.Trim())" }
            $null = Invoke-Captured docker '--host', $script:DockerHost, 'tag', $tag, $script:BaseImageAlias
            New-Outcome $true -How 'Built' -Property @{
                Tag = $tag; Alias = $script:BaseImageAlias; ImageId = $import.Output; Package = $sorted; Mirror = $Mirror
                DebootstrapSeconds = $bootstrapSeconds }
        }
    } finally {
        Remove-BootstrapDirectory $root
        Remove-Item $log -ErrorAction Ignore
    }
    # The time includes the debootstrap folder's removal.
    $outcome | Add-Member -Force -NotePropertyName Seconds -NotePropertyValue ([math]::Round($clock.Elapsed.TotalSeconds, 1))
    $outcome
}

function Export-BaseImageArchive {
    <#
    .SYNOPSIS
        The base image as a 'docker save' archive (both its tag and the :latest alias), made once per image id under
        the cache folder: what the sandbox's host instances load into their Docker engines as a baked AMI would have
        it (Start-BgSandbox -InstanceRuntime Host -HostImageArchive). How is Cached or Saved; Path is the archive.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $BaseImage)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    if (-not $BaseImage.Ready) { return New-Outcome $false "No base image: $($BaseImage.Reason)" }
    $id = ($BaseImage.ImageId -replace '^sha256:', '').Substring(0, 12)
    $path = Join-Path $script:CacheRoot "shop-base-$id.tar"
    if (Test-Path $path) { return New-Outcome $true -How 'Cached' -Property @{ Path = $path; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) } }
    $null = New-Item -ItemType Directory -Force -Path $script:CacheRoot
    $partial = "$path.$PID"
    $save = Invoke-Captured docker '--host', $script:DockerHost, 'save', '-o', $partial, $BaseImage.Tag, $BaseImage.Alias
    if ($save.ExitCode -ne 0) {
        Remove-Item $partial -ErrorAction Ignore
        return New-Outcome $false "docker save $($BaseImage.Tag) failed ($($save.ExitCode)): $($save.Error.Trim())"
    }
    Move-Item -Force $partial $path
    New-Outcome $true -How 'Saved' -Property @{ Path = $path; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
}

function Invoke-PostgresSql {
    # Runs SQL as the postgres superuser over the local socket; returns Invoke-Captured's result. From '/': psql as
    # postgres cannot enter a caller's private directory (a fresh clone under mktemp -d is mode 0700) and says so.
    param([Parameter(Mandatory)] [string] $Sql, [Parameter(Mandatory)] [int] $Port, [string] $Database = 'postgres')
    Push-Location /
    try {
        Invoke-Captured runuser '-u', 'postgres', '--', 'psql', '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-p', "$Port", '-d', $Database, '-c', $Sql
    } finally { Pop-Location }
}

function Invoke-TestDatabaseQuery {
    <#
    .SYNOPSIS
        What the test database really holds (as the postgres superuser, bypassing Django): the rows of -Sql as text,
        one line each; throws with psql's error when it fails.
    #>
    param([Parameter(Mandatory)] $PostgreSql, [Parameter(Mandatory)] [string] $Sql)
    $result = Invoke-PostgresSql -Sql $Sql -Port $PostgreSql.Port -Database $PostgreSql.Database
    if ($result.ExitCode -ne 0) { throw "psql '$Sql' failed ($($result.ExitCode)): $($result.Error)" }
    $result.Output
}

function Get-PostgreSqlCluster {
    # Debian's clusters (pg_lsclusters): Version, Name, Port, Running.
    $list = Invoke-Captured pg_lsclusters '--no-header'
    if ($list.ExitCode -ne 0) { return @() }
    @($list.Output -split "`n" | Where-Object { $_.Trim() } | ForEach-Object {
        $f = $_.Trim() -split '\s+'
        [pscustomobject]@{ Version = $f[0]; Name = $f[1]; Port = [int] $f[2]; Running = $f[3] -like 'online*' }
    })
}

function Get-StartedPostgresFile { Join-Path $script:StateRoot 'postgresql.started' }

function Get-TestRolePassword {
    # The test role's password: made once per machine (random), kept root-only under the cache folder.
    $file = Join-Path $script:CacheRoot 'postgresql-bluegreen.password'
    if (-not (Test-Path $file)) {
        $null = New-Item -ItemType Directory -Force -Path $script:CacheRoot
        $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16)).ToLowerInvariant()
        Set-Content -Path $file -Value $password -NoNewline
        & chmod 600 $file
    }
    (Get-Content -Raw $file).Trim()
}

function Start-PostgreSql {
    <#
    .SYNOPSIS
        Makes Debian's PostgreSQL cluster run (listening on localhost: 127.0.0.1), creates the test role (login,
        createdb, a per-machine password) and a fresh database owned by it, and returns its DATABASE_URL
        (postgres://ROLE:PASSWORD@127.0.0.1:PORT/DATABASE). How is AlreadyRunning or Started.
    .PARAMETER Database
        The database to create (default bluegreen_<8 random hex>); dropped first if it exists.
    #>
    [CmdletBinding()]
    param(
        [ValidatePattern('^[a-z_][a-z0-9_]{0,62}$')] [string] $Database = ('bluegreen_' + [guid]::NewGuid().ToString('n').Substring(0, 8)),
        [ValidatePattern('^[a-z_][a-z0-9_]{0,62}$')] [string] $Role = 'bluegreen',
        [int] $TimeoutSeconds = 60
    )
    $clock = [Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command pg_lsclusters -ErrorAction Ignore)) { return New-Outcome $false 'PostgreSQL is not installed (Debian package postgresql).' }
    if ((& id -u) -ne '0') { return New-Outcome $false 'Starting Debian''s PostgreSQL cluster and creating roles needs root.' }
    $cluster = Get-PostgreSqlCluster | Sort-Object { [version] "$($_.Version).0" } -Descending | Select-Object -First 1
    $how = 'AlreadyRunning'
    if (-not $cluster) {
        $version = (Get-ChildItem /usr/lib/postgresql -Directory -ErrorAction Ignore | Sort-Object { [int] $_.Name } | Select-Object -Last 1).Name
        if (-not $version) { return New-Outcome $false 'No PostgreSQL server under /usr/lib/postgresql.' }
        $create = Invoke-Captured pg_createcluster $version, 'main'
        if ($create.ExitCode -ne 0) { return New-Outcome $false "pg_createcluster $version main failed: $($create.Error.Trim())" }
        $cluster = Get-PostgreSqlCluster | Where-Object Version -eq $version | Select-Object -First 1
    }
    if (-not $cluster.Running) {
        $start = Invoke-Captured pg_ctlcluster $cluster.Version, $cluster.Name, 'start'
        if ($start.ExitCode -ne 0) { return New-Outcome $false "pg_ctlcluster $($cluster.Version) $($cluster.Name) start failed: $($start.Error.Trim())" }
        Set-Content -Path (Join-Path (New-Item -ItemType Directory -Force -Path $script:StateRoot) 'postgresql.started') -Value "$($cluster.Version) $($cluster.Name)"
        $how = 'Started'
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $ready = Invoke-Captured pg_isready '-h', '127.0.0.1', '-p', "$($cluster.Port)"
        if ($ready.ExitCode -eq 0) { break }
        Start-Sleep -Milliseconds 250
    } while ([DateTime]::UtcNow -lt $deadline)
    if ($ready.ExitCode -ne 0) { return New-Outcome $false "PostgreSQL $($cluster.Version)/$($cluster.Name) does not accept connections on 127.0.0.1:$($cluster.Port) within $TimeoutSeconds s: $($ready.Output)" }

    $password = Get-TestRolePassword
    $sql = @"
DO `$`$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$Role') THEN CREATE ROLE $Role; END IF;
END `$`$;
ALTER ROLE $Role LOGIN CREATEDB PASSWORD '$password';
"@
    $roleResult = Invoke-PostgresSql -Port $cluster.Port -Sql $sql
    if ($roleResult.ExitCode -ne 0) { return New-Outcome $false "Creating role $Role failed: $($roleResult.Error.Trim())" }
    foreach ($statement in "DROP DATABASE IF EXISTS $Database WITH (FORCE)", "CREATE DATABASE $Database OWNER $Role") {
        $result = Invoke-PostgresSql -Port $cluster.Port -Sql $statement
        if ($result.ExitCode -ne 0) { return New-Outcome $false "$statement failed: $($result.Error.Trim())" }
    }
    New-Outcome $true -How $how -Property @{
        DatabaseUrl = "postgres://${Role}:$password@127.0.0.1:$($cluster.Port)/$Database"
        Database = $Database; Role = $Role; HostName = '127.0.0.1'; Port = $cluster.Port
        Cluster = "$($cluster.Version)/$($cluster.Name)"; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1) }
}

function Remove-PostgreSqlDatabase {
    # Drops a test database (closing its connections). Returns whether it is gone.
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidatePattern('^[a-z_][a-z0-9_]{0,62}$')] [string] $Database)
    $cluster = Get-PostgreSqlCluster | Where-Object Running | Select-Object -First 1
    if (-not $cluster) { return $true }
    (Invoke-PostgresSql -Port $cluster.Port -Sql "DROP DATABASE IF EXISTS $Database WITH (FORCE)").ExitCode -eq 0
}

function Stop-PostgreSql {
    <#
    .SYNOPSIS
        Stops the cluster Start-PostgreSql started, and only that one. How is Stopped or NotStartedHere.
    #>
    [CmdletBinding()]
    param()
    $file = Get-StartedPostgresFile
    if (-not (Test-Path $file)) { return New-Outcome $true -How 'NotStartedHere' }
    $version, $name = (Get-Content -Raw $file).Trim() -split ' '
    $stop = Invoke-Captured pg_ctlcluster $version, $name, 'stop'
    if ($stop.ExitCode -ne 0 -and (Get-PostgreSqlCluster | Where-Object { $_.Version -eq $version -and $_.Name -eq $name -and $_.Running })) {
        return New-Outcome $false "pg_ctlcluster $version $name stop failed: $($stop.Error.Trim())"
    }
    Remove-Item $file
    New-Outcome $true -How 'Stopped'
}

function Initialize-DockerTestEnvironment {
    <#
    .SYNOPSIS
        Everything a Docker test needs, in order: the packages, the engine, the base image, a PostgreSQL database.
        Returns Ready, Reason (the first step that could not be done, named), and each step's outcome.
    #>
    [CmdletBinding()]
    param([string] $Database)
    $steps = [ordered]@{}
    $steps.Prerequisite = Install-DockerPrerequisite
    if ($steps.Prerequisite.Ready) { $steps.Engine = Start-DockerEngine }
    if ($steps.Contains('Engine') -and $steps.Engine.Ready) { $steps.BaseImage = Build-BaseImage }
    if ($steps.Contains('BaseImage') -and $steps.BaseImage.Ready) {
        $steps.PostgreSql = if ($Database) { Start-PostgreSql -Database $Database } else { Start-PostgreSql }
    }
    $failed = $steps.Keys | Where-Object { -not $steps[$_].Ready } | Select-Object -First 1
    [pscustomobject]@{
        Ready = -not $failed
        Reason = if ($failed) { "${failed}: $($steps[$failed].Reason)" } else { '' }
        Prerequisite = $steps.Prerequisite
        Engine = if ($steps.Contains('Engine')) { $steps.Engine } else { $null }
        BaseImage = if ($steps.Contains('BaseImage')) { $steps.BaseImage } else { $null }
        PostgreSql = if ($steps.Contains('PostgreSql')) { $steps.PostgreSql } else { $null }
    }
}

Export-ModuleMember -Function Install-DockerPrerequisite, Start-DockerEngine, Stop-DockerEngine, Get-DebianMirror, Get-DebianSuite,
    Get-BaseImagePackage, Get-BaseImageTag, Build-BaseImage, Export-BaseImageArchive, Start-PostgreSql, Invoke-TestDatabaseQuery, Remove-PostgreSqlDatabase, Stop-PostgreSql,
    Initialize-DockerTestEnvironment
