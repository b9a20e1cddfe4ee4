@{
    Synopsis    = 'Prepares a load balancer with one serving target group (as the seed scripts leave it) for blue-green: the second group, the tags, the preview rule.'
    Description = @'
Initialize-BgLoadBalancer takes an Application Load Balancer whose listeners forward to one target group, as the seed's bash scripts leave it, and adds what BlueGreen needs:

- the second target group, a copy of the serving one: protocol, protocol version, port, VPC, target type, IP address type, the whole health check (protocol, port, path, interval, timeout, thresholds, matcher) and the attributes that matter (deregistration delay, stickiness, slow start, algorithm). Its name: the other name of TargetGroups in bluegreen.psd1 when they are configured; otherwise the serving group's name with its color swapped (shop-blue -> shop-green), or <project>-green when the name has no color;
- the project's tags on both groups: bluegreen:project=<project> and bluegreen:color (the serving group keeps its color tag or takes the color in its name, else blue; the other gets the other color). The new group is created with its tags, so it never exists untagged; tags already there are kept;
- a preview rule on every listener that forwards the site's traffic: condition HTTP header X-BlueGreen-Preview: 1, forward to the idle group, priority 1 (or the lowest free number, with a warning when rules with lower numbers come first). Switch-BgTargetGroup moves it to the idle group on every switch; the smoke check of Start-BgDeployment sends its requests through it. A preview rule already there is kept, or pointed at the idle group if it forwards to the live one.

Every check runs before the first change, and it refuses, changing nothing, with a stable error id when: the load balancer does not exist (InitializeBgLoadBalancerLoadBalancerNotFound) or is not an Application Load Balancer (...NotApplicationLoadBalancer); no listener forwards to a target group (...NoForwardingListener); the listeners forward to more than one group that is not the project's (...AmbiguousServingGroup) or traffic is split between the project's two groups (...TrafficSplit); a group in the way is tagged with another project (...OtherProjectTargetGroup) or the name to create is taken by a group that is not the project's (...TargetGroupNameTaken); more than two groups carry the project's tag (...AmbiguousTargetGroups); a listener already has ELBv2's 100 rules (...RuleLimitReached); a configured group is missing, incompatible or used by another load balancer, or a listener forwards outside the configured groups (...TargetGroupNotFound, ...IncompatibleTargetGroup, ...TargetGroupInUse, ...NotConfiguredTargetGroup); the name to create is not a valid target group name (...InvalidTargetGroupName); both groups carry the same color tag (...ColorConflict); a preview rule forwards to a third group (...PreviewRuleForwardsElsewhere). A write that fails part-way ends with ...PreparationFailed, naming what was done; running the cmdlet again makes only the rest.

It asks ShouldProcess once per change (the group to create, its attributes, each group's tags, each preview rule), all before the first change (ConfirmImpact Medium); -WhatIf lists every change and changes nothing. It emits one object per item with its status: Created, Tagged, Modified, Unchanged, or Skipped (-WhatIf, declined). A second run finds everything in place: every item Unchanged, nothing changed.
'@
    Parameters  = @{
        ConfigPath      = 'Path of the project file. Default: bluegreen.psd1 in the current directory.'
        Project         = 'Overrides the project name of the project file (and with -LoadBalancer replaces the file). The groups are tagged bluegreen:project=<Project>.'
        LoadBalancer    = 'Overrides the load balancer (name or ARN) of the project file: the one to prepare.'
        TargetGroupName = "Overrides the project's two target groups (names or ARNs): one must be the serving group; the other is used if it exists (it must match the serving one's protocol, port, VPC and target type) or created under that name."
        Region          = 'AWS region. Default: the project file, the profile, then AWS_REGION / AWS_DEFAULT_REGION.'
        ProfileName     = 'AWS profile (shared config/credentials, SSO). Default: the project file, then the SDK default credential chain.'
        EndpointUrl     = 'Endpoint to call instead of AWS (e.g. the local sandbox). Wins over AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL.'
        WhatIf          = 'Lists every change (the group to create, attributes, tags, preview rules) without making any.'
        Confirm         = 'Asks before each change.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Traffic.LoadBalancerPreparationItem'; Description = 'One per item (TargetGroup, Attributes, Tags of each group, PreviewRule of each forwarding listener): Kind, Name, Status (Created, Tagged, Modified, Unchanged, Skipped), Detail, Arn, LoadBalancer.' })
    Examples    = @(
        @{
            Title   = 'See what would be added to the seed scripts'' load balancer'
            Code    = 'New-BgConfiguration -Project shop -LoadBalancer shop-alb -ImageId ami-0123456789abcdef0 -InstanceType t3.small -SubnetId subnet-0123abcd -SecurityGroupId sg-0123abcd; Initialize-BgLoadBalancer -WhatIf'
            Remarks = 'Writes bluegreen.psd1, then lists the group that would be created (a copy of the serving one), the tags and the preview rule of each forwarding listener, changing nothing.'
        }
        @{
            Title   = 'Prepare it, then look'
            Code    = 'Initialize-BgLoadBalancer; Get-BgTargetGroup'
            Remarks = 'Creates the second group, tags both and adds the preview rules; Get-BgTargetGroup then shows the serving group Live and the new one Idle, forwarded to by the preview rule.'
        }
        @{
            Title   = 'Name the two groups yourself'
            Code    = "Initialize-BgLoadBalancer -Project shop -LoadBalancer shop-alb -TargetGroupName shop-tg, shop-tg-next -Confirm"
            Remarks = 'shop-tg serves the site; shop-tg-next is created as its copy (or used, if it exists and matches). -Confirm asks before each change. Put the same names in TargetGroups of bluegreen.psd1 for the other cmdlets.'
        }
        @{
            Title   = 'Run it again'
            Code    = 'Initialize-BgLoadBalancer | Where-Object Status -ne Unchanged'
            Remarks = 'A second run finds everything in place and changes nothing: every item is Unchanged, so this prints nothing.'
        }
    )
    Links       = @('Get-BgTargetGroup', 'Switch-BgTargetGroup', 'New-BgConfiguration', 'Start-BgDeployment')
}
