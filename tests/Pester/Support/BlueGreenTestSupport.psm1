# Shared by the Pester tests: the official AWS CLI pinned to a sandbox, waiting helpers, and a local HTTP test server.
# Tests never reach real AWS: Use-TestAwsEnvironment removes config/credential files from view and sets dummy keys.

function Use-TestAwsEnvironment {
    $env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-test-config'
    $env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-test-credentials'
    $env:AWS_ACCESS_KEY_ID = 'test'
    $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_PAGER = ''
    $env:AWS_RETRY_MODE = 'standard'
    $env:AWS_MAX_ATTEMPTS = '3'
}

$script:AwsCliServer = $null

function Get-AwsCliServer {
    # The official CLI kept loaded in one python3 for this pwsh (Support/aws_cli_server.py): each command still runs
    # through the CLI's own entry point, but without a second of import per call. Started on first use, restarted if
    # it died; it ends when this pwsh does (its stdin closes).
    if ($script:AwsCliServer -and -not $script:AwsCliServer.HasExited) { return $script:AwsCliServer }
    $info = [Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
    $info.ArgumentList.Add((Join-Path $PSScriptRoot 'aws_cli_server.py'))
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.StandardInputEncoding = [Text.UTF8Encoding]::new($false)
    $info.StandardOutputEncoding = [Text.UTF8Encoding]::new($false)
    $info.Environment['PYTHONIOENCODING'] = 'utf-8'
    $process = [Diagnostics.Process]::Start($info)
    $ready = $process.StandardOutput.ReadLineAsync()
    if (-not $ready.Wait(60000) -or $ready.Result -notmatch '"ready"') {
        try { $process.Kill() } catch { }
        throw "The AWS CLI server (Support/aws_cli_server.py) did not start within 60 s: $($ready.Result)"
    }
    $script:AwsCliServer = $process
    $process
}

function Invoke-AwsCliCommand([string[]] $Arguments, [int] $TimeoutSeconds = 180) {
    # One CLI command: through the kept-loaded server, or as its own /usr/bin/aws process when
    # BLUEGREEN_TEST_AWS_CLI=process. Returns exit code, stdout and stderr as text.
    if ($env:BLUEGREEN_TEST_AWS_CLI -eq 'process') {
        $stderr = New-TemporaryFile
        try {
            $stdout = & /usr/bin/aws @Arguments 2> $stderr.FullName
            return [pscustomobject]@{ rc = $LASTEXITCODE; stdout = ($stdout | Out-String); stderr = (Get-Content $stderr.FullName -Raw) }
        }
        finally { Remove-Item $stderr.FullName -ErrorAction SilentlyContinue }
    }
    $server = Get-AwsCliServer
    $env = @{}
    Get-ChildItem env: | Where-Object Name -like 'AWS_*' | ForEach-Object { $env[$_.Name] = $_.Value }
    $server.StandardInput.WriteLine((@{ args = $Arguments; env = $env } | ConvertTo-Json -Compress -Depth 3))
    $server.StandardInput.Flush()
    $line = $server.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($TimeoutSeconds * 1000) -or $null -eq $line.Result) {
        try { $server.Kill() } catch { }
        $script:AwsCliServer = $null
        throw "aws $($Arguments -join ' ') did not answer within $TimeoutSeconds s (the AWS CLI server was stopped)."
    }
    $line.Result | ConvertFrom-Json
}

function Invoke-Aws {
    # Runs the official AWS CLI v2 (Debian's awscli, the code behind /usr/bin/aws) against -Endpoint; returns exit
    # code, parsed JSON and stderr.
    param([Parameter(Mandatory)] [uri] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $result = Invoke-AwsCliCommand -Arguments (@($Arguments) + @('--endpoint-url', "$Endpoint", '--output', 'json'))
    $text = "$($result.stdout)".Trim()
    [pscustomobject]@{
        ExitCode = [int] $result.rc
        Json     = if ($text) { $text | ConvertFrom-Json } else { $null }
        Error    = $result.stderr
    }
}

function Invoke-AwsJson {
    # Like Invoke-Aws, but returns the JSON and throws when the CLI fails.
    param([Parameter(Mandatory)] [uri] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $result = Invoke-Aws -Endpoint $Endpoint @Arguments
    if ($result.ExitCode -ne 0) { throw "aws $($Arguments -join ' ') failed ($($result.ExitCode)): $($result.Error)" }
    $result.Json
}

function Assert-AwsError {
    # Asserts the CLI failed with this AWS error code, as it reports service errors (exit code 254).
    param([Parameter(Mandatory)] [string] $Code, [Parameter(Mandatory)] [string] $Operation, [Parameter(Mandatory)] $Result)
    $Result.ExitCode | Should -Be 254
    $Result.Error | Should -Match ([regex]::Escape("An error occurred ($Code) when calling the $Operation operation"))
}

function Wait-Until {
    # Polls -Condition every -IntervalMilliseconds until it returns true, or throws after -TimeoutSeconds naming
    # -Because. A cheap condition (a file exists) can poll often; one that asks the AWS CLI should not.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 30, [string] $Because = 'the condition',
        [ValidateRange(1, 60000)] [int] $IntervalMilliseconds = 200)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for $Because." }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
}

function Start-TestHttpServer {
    # A tiny HTTP server on 127.0.0.1 (a free port) answering each path with its -Status (else -DefaultStatus), served by
    # System.Net.HttpListener on a background runspace of this process. Returns BaseUrl, Port, Requests (each with
    # Method, Path, Query, Preview: the X-BlueGreen-Preview header, Time), SetStatus(path, status), ClearRequests() and
    # Stop(). Stop it in AfterAll (Stop-TestHttpServer or .Stop()).
    param([hashtable] $Status = @{}, [ValidateRange(100, 599)] [int] $DefaultStatus = 404)
    $state = [hashtable]::Synchronized(@{
            Status        = [hashtable]::Synchronized([hashtable]::new([StringComparer]::Ordinal))
            DefaultStatus = $DefaultStatus
            Requests      = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
            Stopping      = $false
        })
    foreach ($path in $Status.Keys) { $state.Status[[string] $path] = [int] $Status[$path] }

    $listener = $null
    for ($attempt = 1; -not $listener; $attempt++) {
        # A port the system just handed out; another process may take it first, so try again with a new one.
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $candidate = [System.Net.HttpListener]::new()
        $candidate.Prefixes.Add("http://127.0.0.1:$port/")
        try { $candidate.Start(); $listener = $candidate }
        catch [System.Net.HttpListenerException] {
            $candidate.Close()
            if ($attempt -ge 5) { throw "Start-TestHttpServer: cannot listen on 127.0.0.1 ($($_.Exception.Message))." }
        }
    }

    $serve = {
        param($listener, $state)
        while (-not $state.Stopping) {
            try {
                $pending = $listener.BeginGetContext($null, $null)
                while (-not $pending.AsyncWaitHandle.WaitOne(100)) { if ($state.Stopping) { return } }
                $context = $listener.EndGetContext($pending)
            }
            catch { return }
            try {
                $request = $context.Request
                $path = $request.Url.AbsolutePath
                $state.Requests.Enqueue([pscustomobject]@{
                        Method  = $request.HttpMethod
                        Path    = $path
                        Query   = $request.Url.Query
                        Preview = $request.Headers['X-BlueGreen-Preview']
                        Time    = [DateTimeOffset]::UtcNow
                    })
                $code = if ($state.Status.ContainsKey($path)) { $state.Status[$path] } else { $state.DefaultStatus }
                $body = [System.Text.Encoding]::UTF8.GetBytes("$code $path`n")
                $context.Response.StatusCode = $code
                $context.Response.ContentType = 'text/plain; charset=utf-8'
                $context.Response.ContentLength64 = $body.Length
                $context.Response.OutputStream.Write($body, 0, $body.Length)
            }
            catch { }
            finally {
                try { $context.Response.Close() } catch { }
            }
        }
    }
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $null = $shell.AddScript($serve.ToString()).AddArgument($listener).AddArgument($state)
    $handle = $shell.BeginInvoke()

    $server = [pscustomobject]@{
        PSTypeName = 'BlueGreen.Tests.TestHttpServer'
        BaseUrl    = "http://127.0.0.1:$port"
        Port       = $port
        State      = $state
        Listener   = $listener
        Shell      = $shell
        Handle     = $handle
        Runspace   = $runspace
    }
    $server | Add-Member -MemberType ScriptProperty -Name Requests -Value { , $this.State.Requests.ToArray() }
    $server | Add-Member -MemberType ScriptProperty -Name IsRunning -Value { -not $this.State.Stopping }
    $server | Add-Member -MemberType ScriptMethod -Name SetStatus -Value {
        param([string] $Path, [int] $Status)
        $this.State.Status[$Path] = $Status
    }
    $server | Add-Member -MemberType ScriptMethod -Name ClearRequests -Value { $this.State.Requests.Clear() }
    $server | Add-Member -MemberType ScriptMethod -Name Stop -Value {
        if ($this.State.Stopping) { return }
        $this.State.Stopping = $true
        if (-not $this.Handle.AsyncWaitHandle.WaitOne(5000)) { $this.Shell.Stop() }
        try { $this.Listener.Stop() } catch { }
        $this.Listener.Close()
        $this.Shell.Dispose()
        $this.Runspace.Dispose()
    }
    $server | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.BaseUrl } -Force
    $server
}

function Stop-TestHttpServer {
    # Stops a Start-TestHttpServer server and frees its port; a stopped one (or $null) is left alone.
    param([Parameter(Position = 0, ValueFromPipeline)] $Server)
    process { if ($Server) { $Server.Stop() } }
}

Export-ModuleMember -Function Use-TestAwsEnvironment, Invoke-Aws, Invoke-AwsJson, Assert-AwsError, Wait-Until, Start-TestHttpServer, Stop-TestHttpServer
