@{
    Synopsis    = 'Gets the sandboxes running in this session.'
    Description = @'
Get-BgSandbox writes every sandbox started with Start-BgSandbox in this PowerShell process and not stopped yet, oldest first. With -Current it writes only the newest one: the one the session's AWS_ENDPOINT_URL points at. It writes nothing when none runs.

The default view shows each sandbox's data plane: DataPlane (Off, Idle until the first listener, Running, Failed, Stopped) and Listeners (load balancer, protocol:port and the local URL each HTTP/HTTPS listener answers on, e.g. 'shop HTTP:80 http://127.0.0.1:41234/'). When the data plane failed, Get-BgSandbox warns with the reason (DataPlaneProblem); the AWS API keeps working.
'@
    Parameters  = @{
        Current = 'Only the sandbox the AWS environment variables point at (the newest running one).'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Sandbox.AwsSandbox'; Description = 'Each running sandbox: Endpoint, Region, Scenario, Requests, Faults, DataPlaneStatus, DataPlaneListeners, DataPlaneCertificatePath and the test methods.' })
    Examples    = @(
        @{
            Title   = 'See what the session talks to'
            Code    = 'Get-BgSandbox -Current | Format-List Endpoint, Region, VpcId, SubnetIds'
            Remarks = 'Shows the endpoint every Bg cmdlet and AWS SDK in the session uses, and the VPC and subnets to create resources in.'
        }
        @{
            Title   = 'Look at the last AWS requests a command made'
            Code    = '(Get-BgSandbox -Current).Requests | Select-Object -Last 5'
            Remarks = 'The request log: action, HTTP status, error code and whether the error was injected.'
        }
        @{
            Title   = 'Send a request through a listener'
            Code    = "`$listener = (Get-BgSandbox -Current).DataPlaneListeners | Where-Object Port -eq 80`nInvoke-WebRequest `$listener.LocalUrl -Headers @{ Host = 'shop.example.com' }"
            Remarks = 'The request goes through the listener''s rules to a healthy target on 127.0.0.1, as an ALB would send it (X-Forwarded-For, -Proto, -Port).'
        }
    )
    Links       = @('Start-BgSandbox', 'Stop-BgSandbox')
}
