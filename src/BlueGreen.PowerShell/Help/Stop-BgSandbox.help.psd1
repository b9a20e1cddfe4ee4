@{
    Synopsis    = 'Stops a sandbox started with Start-BgSandbox and restores the AWS environment variables it replaced.'
    Description = @'
Stop-BgSandbox stops the sandboxes piped to it (or passed to -Sandbox), or, without them, the session's current sandbox (the newest running one, the one AWS_ENDPOINT_URL points at); -All stops every sandbox started in this session. The AWS environment variables Start-BgSandbox changed get their previous values back (variables that were unset are removed again). Sandboxes can be stopped in any order: when the last one stops, the environment is the one from before the first started.

Stopping a sandbox that is already stopped does nothing; with no sandbox running, Stop-BgSandbox does nothing and says so with -Verbose, so it is safe in test clean-up blocks. The stopped sandbox keeps its state readable (GetStateJson, Requests).

It also stops the sandbox's data plane process (the one serving its listeners) and waits for it to end, and deletes the TLS certificate it made; requests still in flight through a listener are cut off.
'@
    Parameters  = @{
        Sandbox  = 'The sandboxes to stop (from Start-BgSandbox or Get-BgSandbox); accepts pipeline input. Default: the current one.'
        All      = 'Stop every sandbox started in this session, newest first.'
        PassThru = 'Write each stopped sandbox to the pipeline.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Sandbox.AwsSandbox'; Description = 'A sandbox to stop.' })
    Outputs     = @(@{ Type = 'BlueGreen.Sandbox.AwsSandbox'; Description = 'With -PassThru: each stopped sandbox. Otherwise nothing.' })
    Examples    = @(
        @{
            Title   = 'Stop the current sandbox'
            Code    = "Start-BgSandbox -Seed | Out-Null`n# ... work against it ...`nStop-BgSandbox"
            Remarks = 'Stops it and restores AWS_ENDPOINT_URL, the credentials and the region the session had before.'
        }
        @{
            Title   = 'Stop every sandbox of the session and keep the last state'
            Code    = "`$stopped = Get-BgSandbox | Stop-BgSandbox -PassThru`n`$stopped[-1].GetStateJson()"
            Remarks = 'Pipes the running sandboxes in; -PassThru hands them back, and their state stays readable after the stop.'
        }
    )
    Links       = @('Start-BgSandbox', 'Get-BgSandbox')
}
