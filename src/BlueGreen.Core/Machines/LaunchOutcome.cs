namespace BlueGreen.Machines
{
    /// <summary>What became of launch number <see cref="Index"/>: its result, or the exception that ended it.</summary>
    public sealed class LaunchOutcome<T>
    {
        private LaunchOutcome(int index, T? value, Exception? error)
        {
            Index = index;
            Value = value;
            Error = error;
        }

        public int Index { get; }

        public T? Value { get; }

        public Exception? Error { get; }

        public bool IsSuccess => Error == null;

        public bool IsCancelled => Error is OperationCanceledException;

        internal static LaunchOutcome<T> Succeeded(int index, T value) => new LaunchOutcome<T>(index, value, null);

        internal static LaunchOutcome<T> Failed(int index, Exception error) => new LaunchOutcome<T>(index, default, error);
    }
}
