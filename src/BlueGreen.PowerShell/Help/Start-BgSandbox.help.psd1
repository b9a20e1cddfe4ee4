@{
    Synopsis    = 'Starts a local AWS endpoint (ELBv2 and EC2 over the real Query protocol, SSM Parameter Store over AWS JSON 1.1) and points this session at it.'
    Description = @'
Start-BgSandbox starts, inside this PowerShell process, an HTTP endpoint on 127.0.0.1 that answers the AWS Query protocol of Elastic Load Balancing v2 (API 2015-12-01: load balancers, target groups, listeners, rules, targets and their health, tags) and EC2 (API 2016-11-15: RunInstances with ClientToken idempotency, DescribeInstances, DescribeInstanceStatus, TerminateInstances, CreateTags), with in-memory state, AWS's XML responses, error codes and HTTP statuses; and the AWS JSON 1.1 protocol of SSM Parameter Store (API 2014-11-06: PutParameter with versions and tiers, GetParameter, GetParameters, GetParametersByPath with NextToken paging, DeleteParameter, DeleteParameters, DescribeParameters), with SSM's JSON errors (ParameterAlreadyExists, ParameterNotFound, ValidationException, ...).

It then sets, for the whole process, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and AWS_ENDPOINT_URL_SSM to the sandbox, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to 'test', AWS_REGION and AWS_DEFAULT_REGION to -Region, and AWS_EC2_METADATA_DISABLED to 'true'; it removes AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_SESSION_TOKEN, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS and any other AWS_ENDPOINT_URL_<SERVICE>. Every Bg cmdlet and every AWS SDK in the session then talks to the sandbox. Stop-BgSandbox puts the previous values back. AWS CLI versions older than 2.13 do not read AWS_ENDPOINT_URL: pass them --endpoint-url $sandbox.Endpoint.

The returned object is the sandbox: Endpoint, Region, VpcId, SubnetIds and SecurityGroupId (use them to create resources), Requests (the log of AWS requests answered), Faults, and methods for tests: FailNext(action, count, errorCode) makes the next calls fail (e.g. Throttling, InternalFailure, RequestLimitExceeded; for SSM the action is the operation, e.g. PutParameter, with ThrottlingException or InternalServerError; the optional sixth argument limits it to one service: elasticloadbalancing, ec2 or ssm), FailRandomly(action, rate, errorCode) makes each call fail with probability rate (0 < rate <= 1) until ClearFaults() (Reset() keeps faults; several faults on one call: the first added that fires wins; with -RandomSeed the failures are the same each run; the fault's Failed counts them), AddLatency(action, timespan) delays them, FailAfter(action, skip, count, errorCode) lets skip calls through first (e.g. the switch fails after its first ModifyListener: FailAfter('ModifyListener', 1, 1, 'ValidationError')), SetTargetHealth(targetGroupArn, targetId, state) sets a target's health, SetGroupHealth(targetGroupArn, state) gives every target of a group (also those registered later) that health until ClearGroupHealth(targetGroupArn), GetStateJson() returns the complete state as deterministic JSON, Reset() returns to the starting world. The same is available over HTTP under <endpoint>/_sandbox/ (GET state, POST reset, GET/POST/DELETE faults, e.g. {"action":"*","errorCode":"Throttling","rate":0.1}, POST target-health, GET/DELETE requests) for other processes.

Listeners answer real requests (the data plane): each HTTP or HTTPS listener of an application load balancer gets a free port on 127.0.0.1 (DataPlaneListeners: load balancer, protocol, listener port, LocalUrl). A request there is routed as ALB routes it: rules in priority order (path-pattern, host-header, http-header, http-request-method, query-string, source-ip), then the default action; forward (weighted target groups, round-robin among healthy targets, all targets when none is healthy, 503 when there are none), redirect and fixed-response. HTTPS listeners serve a self-signed certificate for localhost and 127.0.0.1 made at start (DataPlaneCertificate; DataPlaneCertificatePath is a PEM for curl --cacert). Only targets on this machine are contacted: ip targets in 127.0.0.0/8 and instances whose private IP is; the other, simulated machines answer 502. The data plane is a separate process (dotnet with the ASP.NET Core runtime 10) started with the first listener; if it cannot start, the AWS API still works, a warning says why (DataPlaneProblem) and DataPlaneStatus is Failed.

Targets on this machine get real health checks (the group's protocol, path, port, interval, timeout, thresholds and matcher; -HealthCheckTimeScale speeds them up) and report initial (Elb.InitialHealthChecking), healthy or unhealthy (Target.ResponseCodeMismatch with the codes, Target.Timeout, Target.FailedHealthChecks). SetTargetHealth and SetGroupHealth still win. GetTargetHealth(targetGroupArn) returns each target's health at once.

Time runs faster than in AWS: a registered target is 'initial' for -TargetRegistrationTime then 'healthy'; a deregistered one is 'draining' for -DeregistrationDelay (or the group's deregistration_delay.timeout_seconds attribute) then gone, and gets no new requests while those in flight finish; an instance is 'pending' for -InstanceBootTime then 'running', with status checks 'initializing' for one more second, then 'ok'.
'@
    Parameters  = @{
        Seed                   = "Start with the demo project instead of an empty world: load balancer 'bluegreen-demo', target groups 'bluegreen-demo-blue' and 'bluegreen-demo-green' tagged bluegreen:project=demo and bluegreen:color, listeners HTTP:80 and HTTPS:443 forwarding to blue (HTTPS with a rule '/api/*' to blue), HTTP:8080 redirecting to HTTPS, and two running instances (Name=demo-<hex>, bluegreen:project=demo) registered and healthy in blue."
        Scenario               = "The world to start with: Empty (the default), Demo (what -Seed gives) or DemoInfrastructure: the demo's load balancer, target groups, listeners and rules with no machine, its groups health-checking '/health/' every 5 s (2 s timeout, 2 checks to change state), for Local machines that serve real requests (build.ps1 Demo uses it). -Seed with another -Scenario is refused."
        Port                   = 'The port on 127.0.0.1 to listen on. Default 0: a free port.'
        Region                 = 'The region the sandbox pretends to be in: its ARNs, Availability Zones and the AWS_REGION it sets. Default us-east-1.'
        TargetRegistrationTime = "How long a newly registered target stays 'initial' before it is 'healthy'. Default 1 second."
        DeregistrationDelay    = "How long a deregistered target stays 'draining' before it is gone. Default 2 seconds (AWS: 300)."
        InstanceBootTime       = "How long a launched instance stays 'pending' before it is 'running'. Default 1 second."
        HealthCheckTimeScale   = 'Multiplies the real health checks'' interval and timeout: 0.1 makes a 5 s interval 0.5 s. The API still takes AWS''s values (interval 5-300 s). Default 1.'
        NoDataPlane            = 'No data plane: listeners do not answer HTTP and no process is started; the sandbox is the AWS API only.'
        RandomSeed             = 'Makes the random parts of ids and ARNs, and which calls FailRandomly fails, the same from run to run (given the same calls in the same order). Default: random.'
    }
    Outputs     = @(@{ Type = 'BlueGreen.Sandbox.AwsSandbox'; Description = 'The running sandbox: Endpoint, Region, VpcId, SubnetIds, SecurityGroupId, Scenario, Requests, Faults, DataPlaneStatus, DataPlaneProblem, DataPlaneListeners, DataPlaneCertificate(Path) and the test methods described above.' })
    Examples    = @(
        @{
            Title   = 'Try a blue-green switch without an AWS account'
            Code    = "`$sandbox = Start-BgSandbox -Seed`naws elbv2 describe-target-groups --endpoint-url `$sandbox.Endpoint --output table`nStop-BgSandbox"
            Remarks = 'Starts the demo world, lists its target groups with the official AWS CLI, and stops it, restoring the AWS environment variables.'
        }
        @{
            Title   = 'Make the next two ModifyListener calls throttle'
            Code    = "`$sandbox = Start-BgSandbox -Seed`n`$sandbox.FailNext('ModifyListener', 2, 'Throttling')`n# ... run the switch; the client's retries make it succeed ...`n`$sandbox.Requests | Where-Object Action -eq 'ModifyListener'"
            Remarks = 'The request log shows the two throttled attempts (FaultInjected) and the one that succeeded.'
        }
        @{
            Title   = 'Throttle a tenth of all AWS calls, reproducibly'
            Code    = "`$sandbox = Start-BgSandbox -Seed -RandomSeed 42`n`$sandbox.FailRandomly('*', 0.1, 'Throttling')`n`$sandbox.FailRandomly('*', 0.05, 'InternalFailure', 500)`n# ... run the deployment ...`n`$sandbox.Faults   # Rate and Failed per fault`n`$sandbox.ClearFaults()"
            Remarks = 'Every ELBv2, EC2 and SSM call is tried against the Throttling fault, then the InternalFailure one; the same seed fails the same calls each run.'
        }
        @{
            Title   = 'Send real traffic through a listener to a server on this machine'
            Code    = "`$sandbox = Start-BgSandbox -HealthCheckTimeScale 0.1`n`$lb = aws elbv2 create-load-balancer --name shop --subnets `$sandbox.SubnetIds[0] `$sandbox.SubnetIds[1] --query 'LoadBalancers[0].LoadBalancerArn' --output text`n`$tg = aws elbv2 create-target-group --name shop-blue --protocol HTTP --port 8000 --target-type ip --vpc-id `$sandbox.VpcId --health-check-path /health/ --query 'TargetGroups[0].TargetGroupArn' --output text`naws elbv2 register-targets --target-group-arn `$tg --targets Id=127.0.0.1,Port=8000`n`$listener = aws elbv2 create-listener --load-balancer-arn `$lb --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=`$tg --query 'Listeners[0].ListenerArn' --output text`ncurl -s `$sandbox.GetListenerUrl(`$listener)"
            Remarks = 'With a server on 127.0.0.1:8000 (e.g. gunicorn), its health checks turn it healthy within seconds, and the listener''s local URL reaches it as an ALB would.'
        }
        @{
            Title   = 'Prove that -WhatIf changes nothing'
            Code    = "`$sandbox = Start-BgSandbox -Seed`n`$before = `$sandbox.GetStateJson()`nSwitch-BgTargetGroup -Project demo -LoadBalancer bluegreen-demo -WhatIf`n`$sandbox.GetStateJson() -ceq `$before"
            Remarks = 'The state JSON is deterministic, so equal text means an unchanged world.'
        }
        @{
            Title   = 'Keep release settings in the sandbox''s SSM Parameter Store and throttle a write'
            Code    = "`$sandbox = Start-BgSandbox`naws ssm put-parameter --name /shop/release --value v42 --type String --endpoint-url `$sandbox.Endpoint`n`$sandbox.FailNext('PutParameter', 1, 'ThrottlingException', `$null, `$null, 'ssm')`naws ssm put-parameter --name /shop/release --value v43 --overwrite --endpoint-url `$sandbox.Endpoint`naws ssm get-parameters-by-path --path /shop --endpoint-url `$sandbox.Endpoint"
            Remarks = 'The second put is throttled once and retried by the CLI; it answers Version 2. Without --overwrite it would fail with ParameterAlreadyExists.'
        }
    )
    Links       = @('Stop-BgSandbox', 'Get-BgSandbox')
}
