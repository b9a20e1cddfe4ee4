using System.Collections.Concurrent;
using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Hosting
{
    /// <summary>
    /// Lets engine work running on worker threads talk to PowerShell: every stream write and every ShouldProcess
    /// question is queued and carried out on the pipeline thread by <see cref="Pump"/>, never off it (writing a
    /// stream off the pipeline thread throws; a ShouldProcess answered off it would defeat -WhatIf).
    /// </summary>
    internal sealed class PipelineBridge(Cmdlet cmdlet) : IOperationReporter, IChangeApproval
    {
        private readonly Cmdlet _cmdlet = cmdlet;
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly int _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;

        public void Verbose(string message) => Post(() => _cmdlet.WriteVerbose(message));

        public void Warning(string message) => Post(() => _cmdlet.WriteWarning(message));

        public void Progress(ProgressUpdate update) => Post(() =>
        {
            var record = new ProgressRecord(update.ActivityId, update.Activity, string.IsNullOrEmpty(update.Status) ? " " : update.Status)
            {
                PercentComplete = update.PercentComplete,
                ParentActivityId = update.ParentActivityId,
            };
            _cmdlet.WriteProgress(record);
        });

        public void Complete(int activityId) => Post(() =>
            _cmdlet.WriteProgress(new ProgressRecord(activityId, "BlueGreen", "Done") { RecordType = ProgressRecordType.Completed }));

        public void WriteObject(object value) => Post(() => _cmdlet.WriteObject(value));

        public void WriteError(ErrorRecord record) => Post(() => _cmdlet.WriteError(record));

        public bool Approve(string target, string action) => Invoke(() => _cmdlet.ShouldProcess(target, action));

        /// <summary>Runs <paramref name="func"/> on the pipeline thread and returns its result to the caller.</summary>
        public T Invoke<T>(Func<T> func)
        {
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
            {
                return func();
            }

            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try
                {
                    answer.SetResult(func());
                }
                catch (Exception ex)
                {
                    answer.SetException(ex);
                }
            });
            return answer.Task.GetAwaiter().GetResult();
        }

        /// <summary>Carries out queued actions on the pipeline thread until <paramref name="work"/> ends.</summary>
        /// <remarks>
        /// Once the pipeline is stopping (Ctrl+C), writes throw PipelineStoppedException; they are dropped and the pump
        /// goes on until the work ends, so the work's cleanup (maintenance off, a switch put back) runs to its end
        /// instead of being abandoned on a thread-pool thread of a process about to exit.
        /// </remarks>
        public void Pump(Task work, CancellationToken stopping)
        {
            work.ContinueWith(_ => _queue.CompleteAdding(), TaskScheduler.Default);
            foreach (Action action in _queue.GetConsumingEnumerable())
            {
                try
                {
                    action();
                }
                catch (PipelineStoppedException) when (stopping.IsCancellationRequested)
                {
                    // Stopping: nothing can be written any more.
                }
            }
        }

        private void Post(Action action)
        {
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
            {
                action();
                return;
            }

            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // The work has ended and the pump stopped: nothing is listening any more.
            }
        }
    }
}
