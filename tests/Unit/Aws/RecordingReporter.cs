using System.Collections.Generic;
using BlueGreen.Diagnostics;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Keeps the verbose messages an engine call reports.</summary>
    internal sealed class RecordingReporter : IOperationReporter
    {
        internal List<string> VerboseMessages { get; } = new List<string>();

        public void Verbose(string message)
        {
            lock (VerboseMessages)
            {
                VerboseMessages.Add(message);
            }
        }

        public void Warning(string message) => Verbose("WARNING: " + message);

        public void Progress(ProgressUpdate update)
        {
        }

        public void Complete(int activityId)
        {
        }
    }
}
