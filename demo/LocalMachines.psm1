# Teardown for worlds of Local machines (the demo and the tests that serve real traffic). BlueGreen never removes the
# last healthy live machine, so a world's live gunicorns outlive every cmdlet; they are stopped here by the process
# group each machine's record (machine.json under the provider's state directory) names.

Set-StrictMode -Version Latest

function Stop-LocalMachineProcess {
    <#
    .SYNOPSIS
        Signals the process group of every Local machine recorded under -StateDirectory; returns how many it signalled.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        # The Local provider's state directory (Machines.Local.StateDirectory; by default <app>/.bluegreen/local).
        [Parameter(Mandatory)] [string] $StateDirectory,
        # TERM lets gunicorn finish what it serves; KILL is for a test's teardown after a failure.
        [ValidateSet('TERM', 'KILL')] [string] $Signal = 'TERM'
    )
    $signalled = 0
    foreach ($record in @(Get-ChildItem (Join-Path $StateDirectory 'machines/*/machine.json') -ErrorAction Ignore)) {
        $group = (Get-Content -Raw $record.FullName | ConvertFrom-Json).ProcessGroup
        # Never group 0 or 1 (this session's own, or init's): only the group gunicorn was started in.
        if ($group -gt 1) { & kill "-$Signal" -- "-$group" 2>$null; $signalled++ }
    }
    $signalled
}

Export-ModuleMember -Function Stop-LocalMachineProcess
