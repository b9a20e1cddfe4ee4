namespace BlueGreen.Deployment
{
    /// <summary>A named CloudWatch alarm's state when a check read it (OK, ALARM, INSUFFICIENT_DATA, or Missing: no such alarm).</summary>
    public sealed class AlarmReading(string name, string state)
    {
        public const string Missing = "Missing";

        public string Name { get; } = name;

        public string State { get; } = state;

        public bool InAlarm => State == "ALARM";

        public override string ToString() => $"{Name}={State}";
    }
}
