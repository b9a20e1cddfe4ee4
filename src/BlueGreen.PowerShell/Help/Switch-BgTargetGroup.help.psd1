@{
    Synopsis    = 'Makes the idle target group live, or sends it a share of the traffic (canary).'
    Description = @'
Switch-BgTargetGroup points the project's traffic at the idle target group. It rewrites only what forwards to the project's groups: each listener's default forward action and each listener rule's forward action (weighted forwards are rewritten consistently, authenticate actions keep their place). Listeners that redirect (HTTP to HTTPS) or answer a fixed response are left alone. Every route is confirmed first (ShouldProcess), then every change is sent at once, so the time during which some routes send users to the old release and some to the new is one AWS round trip. Then it reads the changed routes back and fails loudly if any does not point where it should. If a change fails, every route that changed (or, its call having failed, reads back as changed) is put back. How many AWS calls are in flight at once is bounded by Aws.MaxConcurrentRequests in bluegreen.psd1 (default 10).

With -Weight N the idle group gets N percent of every route and the live group the rest; the group receiving traffic is tagged bluegreen:incoming=true until a later switch with no -Weight (or -Weight 100) completes it, or -Weight 0 sends everything back.

It refuses to switch to a group with no healthy target unless -Force. It asks ShouldProcess once per listener or rule (ConfirmImpact Medium: no prompt in scheduled jobs unless -Confirm); -WhatIf changes nothing. It emits one object per route it changed.
'@
    Parameters  = @{
        Weight          = 'Percent (0-100) of traffic for the idle group. 100 (default) makes it live; 1-99 is a canary; 0 sends everything back to the live group.'
        Force           = 'Switch even when the idle group has no healthy target.'
        WaitForHealthy  = 'Before switching, wait until every target of the idle group is healthy (and there is at least one), reading the load balancer every 5 seconds. Gives up with the error HealthTimeout, having changed nothing.'
        HealthTimeoutSec = 'How long -WaitForHealthy waits, in seconds. Default: HealthTimeoutSeconds of bluegreen.psd1 (300).'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
        WhatIf          = 'Shows every listener and rule that would change, and how, without changing anything.'
        Confirm         = 'Asks before changing each listener or rule.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Traffic.RouteChange'; Description = 'One per listener default action or rule that was changed: listener, rule, before and after.' })
    Examples    = @(
        @{
            Title   = 'Preview a switch'
            Code    = 'Switch-BgTargetGroup -WhatIf'
            Remarks = 'Lists every listener and rule that would be pointed at the idle group; nothing is changed.'
        }
        @{
            Title   = 'Switch once the new machines pass their health checks'
            Code    = 'New-BgMachine -Count 2 -TargetGroup Idle; Switch-BgTargetGroup -WaitForHealthy -HealthTimeoutSec 600'
            Remarks = 'Launches two machines into the idle group, waits up to ten minutes for the load balancer to report them all healthy, then makes the idle group live.'
        }
        @{
            Title   = 'Canary, then complete'
            Code    = 'Switch-BgTargetGroup -Weight 10; Start-Sleep 600; Switch-BgTargetGroup'
            Remarks = 'Sends 10% of the traffic to the idle group, waits ten minutes, then makes it live.'
        }
        @{
            Title   = 'Switch back after a bad release'
            Code    = 'Switch-BgTargetGroup -Confirm'
            Remarks = 'After a switch the old group is idle again; switching once more makes it live. -Confirm asks before each listener or rule.'
        }
    )
    Links       = @('Get-BgTargetGroup', 'New-BgConfiguration')
}
