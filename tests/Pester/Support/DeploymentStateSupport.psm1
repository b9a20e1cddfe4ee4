# For the deployment-state Pester tests: the engine's DeploymentState over the real SSM client, pointed at the sandbox.
# Until the deployment cmdlets exist (Start-BgDeployment ...), this is how a test writes journals the way they will.
# The engine loads in BlueGreen's own AssemblyLoadContext, so its types are reached through the loaded assembly.

function Get-BlueGreenCoreType([Parameter(Mandatory)] [string] $Name) {
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'BlueGreen.Core' } | Select-Object -First 1
    if (-not $core) { throw 'BlueGreen.Core is not loaded: import the module and run one of its cmdlets first.' }
    $core.GetType($Name, $true)
}

function New-TestDeploymentState {
    # A DeploymentState for -Project on the sandbox at -Endpoint (SSM through AWSSDK.SimpleSystemsManagement).
    param([Parameter(Mandatory)] [string] $Project, [Parameter(Mandatory)] [uri] $Endpoint, [int] $HistoryLimit = 20, [string] $Operator = 'test@pester')
    $settings = (Get-BlueGreenCoreType 'BlueGreen.Aws.AwsConnectionSettings')::new()
    $settings.EndpointUrl = $Endpoint
    $settings.Region = 'us-east-1'
    $store = (Get-BlueGreenCoreType 'BlueGreen.Aws.AwsClientFactory')::new($settings, $null).CreateSsmParameterStore()
    $location = (Get-BlueGreenCoreType 'BlueGreen.Deployment.DeploymentStateLocation')::For($Project, [NullString]::Value)
    (Get-BlueGreenCoreType 'BlueGreen.Deployment.DeploymentState')::new($store, $location, $HistoryLimit, $null, $null, $Operator)
}

function Wait-Task($Task) {
    # The engine's tasks, awaited; their exception (not an AggregateException) is what is thrown.
    $Task.GetAwaiter().GetResult()
}

function Start-TestDeployment {
    # Starts a deployment (lock + journal header) and returns the DeploymentRun.
    param([Parameter(Mandatory)] $State, [Parameter(Mandatory)] [string] $Release, [string] $From = 'blue', [string] $To = 'green')
    $start = (Get-BlueGreenCoreType 'BlueGreen.Deployment.DeploymentStart')::new()
    $start.Release = $Release
    $start.FromColor = $From
    $start.ToColor = $To
    Wait-Task $State.StartAsync($start, [Threading.CancellationToken]::None)
}

function Add-TestStep {
    # Begins a step and, unless -LeaveStarted, ends it with -Outcome.
    param([Parameter(Mandatory)] $Run, [Parameter(Mandatory)] [string] $Name, [string] $Detail, [string] $Outcome = 'Succeeded', [string] $ErrorText, [switch] $LeaveStarted)
    $step = Wait-Task $Run.Journal.BeginStepAsync($Name, $Detail, [Threading.CancellationToken]::None)
    if ($LeaveStarted) { return $step }
    $outcomeType = Get-BlueGreenCoreType 'BlueGreen.Deployment.StepOutcome'
    Wait-Task $Run.Journal.EndStepAsync($step, [Enum]::Parse($outcomeType, $Outcome), $ErrorText, [Threading.CancellationToken]::None)
}

function Complete-TestDeployment {
    param([Parameter(Mandatory)] $Run, [string] $Status = 'Succeeded')
    $statusType = Get-BlueGreenCoreType 'BlueGreen.Deployment.DeploymentStatus'
    Wait-Task $Run.SucceedAsync([Enum]::Parse($statusType, $Status), [Threading.CancellationToken]::None)
}

Export-ModuleMember -Function Get-BlueGreenCoreType, New-TestDeploymentState, Wait-Task, Start-TestDeployment, Add-TestStep, Complete-TestDeployment
