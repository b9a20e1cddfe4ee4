@{
    Synopsis    = 'Gets the sandboxes running in this session.'
    Description = @'
Get-BgSandbox writes every sandbox started with Start-BgSandbox in this PowerShell process and not stopped yet, oldest first. With -Current it writes only the newest one: the one the session's AWS_ENDPOINT_URL points at. It writes nothing when none runs.
'@
    Parameters  = @{
        Current = 'Only the sandbox the AWS environment variables point at (the newest running one).'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Sandbox.AwsSandbox'; Description = 'Each running sandbox: Endpoint, Region, Scenario, Requests, Faults and the test methods.' })
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
    )
    Links       = @('Start-BgSandbox', 'Stop-BgSandbox')
}
