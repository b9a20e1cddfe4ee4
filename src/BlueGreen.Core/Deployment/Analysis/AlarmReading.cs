namespace BlueGreen.Deployment
{
    /// <summary>A named CloudWatch alarm's state when a check read it (OK, ALARM, INSUFFICIENT_DATA, or Missing: no such alarm).</summary>
    public sealed class AlarmReading
    {
        public const string Missing = "Missing";

        public AlarmReading(string name, string state)
        {
            Name = name;
            State = state;
        }

        public string Name { get; }

        public string State { get; }

        public bool InAlarm => State == "ALARM";

        public override string ToString() => $"{Name}={State}";
    }
}
