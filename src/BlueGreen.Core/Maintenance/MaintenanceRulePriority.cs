namespace BlueGreen.Maintenance
{
    /// <summary>
    /// Where the maintenance rule goes on a listener. ALB evaluates rules by priority (1-50000, unique per listener,
    /// lowest first), and a rule's conditions cannot be negated, so the rule that answers every request (/*) must
    /// come before every rule that serves users, but after the preview rules (header X-BlueGreen-Preview) so that
    /// preview traffic still reaches the new release and smoke checks can run during maintenance.
    /// The choice: the first number after the preview rules that come before every other rule (1 when there are
    /// none); it must be lower than the lowest other rule, else there is no room and nothing may change. Preview
    /// rules placed after some other rule are shadowed by the maintenance rule; they are named in
    /// <see cref="ShadowedPreviews"/> so the caller can warn.
    /// </summary>
    public sealed class MaintenanceRulePriority
    {
        public const int Lowest = 1;

        public const int Highest = 50000;

        private MaintenanceRulePriority(int? priority, int leadingPreviewsEnd, int firstOtherRule, IReadOnlyList<int> shadowedPreviews)
        {
            Priority = priority;
            LeadingPreviewsEnd = leadingPreviewsEnd;
            FirstOtherRule = firstOtherRule;
            ShadowedPreviews = shadowedPreviews;
        }

        /// <summary>The priority to give the maintenance rule; null when there is no free number in the gap.</summary>
        public int? Priority { get; }

        /// <summary>The highest priority of the preview rules that come before every other rule (0 when none).</summary>
        public int LeadingPreviewsEnd { get; }

        /// <summary>The lowest priority of a rule that is not a preview rule (50001 when none).</summary>
        public int FirstOtherRule { get; }

        /// <summary>Priorities of preview rules after <see cref="FirstOtherRule"/>: the maintenance rule hides them.</summary>
        public IReadOnlyList<int> ShadowedPreviews { get; }

        /// <param name="rules">The listener's rules, default rule excluded, and none of BlueGreen's own maintenance rules.</param>
        public static MaintenanceRulePriority Choose(IEnumerable<(int Priority, bool IsPreview)> rules)
        {
            List<(int Priority, bool IsPreview)> list = rules.ToList();
            int firstOther = list.Where(r => !r.IsPreview).Select(r => r.Priority).DefaultIfEmpty(Highest + 1).Min();
            int leadingEnd = list.Where(r => r.IsPreview && r.Priority < firstOther).Select(r => r.Priority).DefaultIfEmpty(Lowest - 1).Max();
            var shadowed = list.Where(r => r.IsPreview && r.Priority > firstOther).Select(r => r.Priority).OrderBy(p => p).ToList();

            // Every number between the leading previews and the first other rule is free: nothing else lies there.
            int candidate = leadingEnd + 1;
            return new MaintenanceRulePriority(candidate < firstOther && candidate <= Highest ? candidate : (int?)null, leadingEnd, firstOther, shadowed);
        }
    }
}
