using BlueGreen.Machines;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A machine of the group traffic went from (the old release, or the newer one a rollback replaces): the one
    /// named <c>preferred</c> if it is there, else a healthy one first. Its code knows the migrations the deployment
    /// reads, reverts or re-applies against it.
    /// </summary>
    internal static class OldGroupMachine
    {
        /// <summary>The machine, or <paramref name="goneId"/> (ObjectNotFound) with <paramref name="goneMessage"/> when the group has none.</summary>
        internal static async Task<Machine> FindAsync(ReleaseContext c, string goneId, string goneMessage, CancellationToken token, string? preferred = null)
        {
            IReadOnlyList<Machine> inventory = await c.Release.Machines.ListAsync(true, token).ConfigureAwait(false);
            return inventory.Where(m => m.TargetGroupArn == c.FromArn).OrderByDescending(m => preferred != null && m.Name == preferred).ThenByDescending(m => m.IsHealthy).FirstOrDefault()
                ?? throw new BlueGreenException(goneId, FailureCategory.ObjectNotFound, goneMessage, c.FromArn);
        }
    }
}
