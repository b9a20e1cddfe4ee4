@{
    Synopsis    = "Gets the project's two target groups: which is live, which is idle, their targets and health."
    Description = @'
Get-BgTargetGroup reads the project's load balancer and returns one object per target group of the project: its name, ARN and color, its role (Live, Idle, or Split during a canary switch) with its share of traffic, the registered targets with their health, and the listeners and rules that forward to it.

The two groups are the ones named in bluegreen.psd1 (TargetGroups) or, when none are named, the two groups tagged bluegreen:project=<Project>. Nothing is guessed: no load balancer, fewer or more than two tagged groups, or a listener that forwards to a third group is an error that names what is wrong and changes nothing.
'@
    Parameters  = @{
        Role            = 'Returns only the group with this role: Live, Idle or Split.'
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file).'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs)."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Traffic.ProjectTargetGroup'; Description = 'One per target group of the project, the live one first.' })
    Examples    = @(
        @{
            Title   = 'See which group is live'
            Code    = 'Get-BgTargetGroup'
            Remarks = 'Reads bluegreen.psd1 in the current directory and shows both groups with their role, weight and healthy target count.'
        }
        @{
            Title   = 'List the health of the idle group before a switch'
            Code    = 'Get-BgTargetGroup -Role Idle | Select-Object -ExpandProperty Targets'
            Remarks = 'Shows every target registered in the idle group and its health state and reason.'
        }
        @{
            Title   = 'Without a project file, against the local sandbox'
            Code    = 'Start-BgSandbox -Seed | Out-Null; Get-BgTargetGroup -Project demo -LoadBalancer bluegreen-demo'
            Remarks = 'Finds the groups tagged bluegreen:project=demo on the sandbox load balancer bluegreen-demo.'
        }
    )
    Links       = @('Switch-BgTargetGroup', 'New-BgConfiguration')
}
