namespace BlueGreen.Maintenance
{
    /// <summary>
    /// One part of turning maintenance on or off: a load balancer rule (<see cref="Target"/> is the rule's ARN, or the
    /// listener's when no rule was made) or a machine (<see cref="Target"/> is its name).
    /// </summary>
    /// <param name="Target">Rule ARN (listener ARN when the rule was never created), or machine name.</param>
    /// <param name="Where">For people: "HTTPS:443 rule 2", or the machine and its target group.</param>
    /// <param name="Priority">The rule's priority (LoadBalancer mode).</param>
    /// <param name="Error">Why it failed (Failed, UndoFailed), or the undo's error.</param>
    public sealed record MaintenanceChange(string Target, string Where, MaintenanceOutcome Outcome, int? Priority = null, string? Error = null)
    {
        public bool IsFailure => Outcome == MaintenanceOutcome.Failed || Outcome == MaintenanceOutcome.UndoFailed;

        public override string ToString() => $"{Where}: {Outcome}" + (Error == null ? string.Empty : " (" + Error + ")");
    }
}
