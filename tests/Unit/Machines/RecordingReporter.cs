using System.Collections.Concurrent;
using System.Linq;
using BlueGreen.Diagnostics;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>An <see cref="IOperationReporter"/> that keeps everything reported, thread-safe.</summary>
    internal sealed class RecordingReporter : IOperationReporter
    {
        internal ConcurrentQueue<string> Verbose { get; } = new ConcurrentQueue<string>();

        internal ConcurrentQueue<string> Warnings { get; } = new ConcurrentQueue<string>();

        internal ConcurrentQueue<ProgressUpdate> Progress { get; } = new ConcurrentQueue<ProgressUpdate>();

        internal ConcurrentQueue<int> Completed { get; } = new ConcurrentQueue<int>();

        void IOperationReporter.Verbose(string message) => Verbose.Enqueue(message);

        void IOperationReporter.Warning(string message) => Warnings.Enqueue(message);

        void IOperationReporter.Progress(ProgressUpdate update) => Progress.Enqueue(update);

        void IOperationReporter.Complete(int activityId) => Completed.Enqueue(activityId);

        /// <summary>Activity ids that reported progress but were never completed.</summary>
        internal int[] OpenActivities => Progress.Select(p => p.ActivityId).Distinct().Except(Completed).ToArray();
    }
}
