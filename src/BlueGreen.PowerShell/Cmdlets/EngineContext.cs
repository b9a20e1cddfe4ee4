using BlueGreen.Diagnostics;

namespace BlueGreen.PowerShell.Cmdlets
{
    /// <summary>What a cmdlet hands to engine work running off the pipeline thread.</summary>
    public sealed class EngineContext
    {
        private readonly Action<object> _emit;
        private readonly Func<Func<object?>, object?> _invoke;

        internal EngineContext(IOperationReporter reporter, IChangeApproval approval, Action<object> emit, CancellationToken cancellation, Func<Func<object?>, object?> invoke)
        {
            _invoke = invoke;
            Reporter = reporter;
            Approval = approval;
            _emit = emit;
            Cancellation = cancellation;
        }

        /// <summary>Verbose, warning and progress, written on the pipeline thread.</summary>
        public IOperationReporter Reporter { get; }

        /// <summary>ShouldProcess, asked on the pipeline thread.</summary>
        public IChangeApproval Approval { get; }

        public CancellationToken Cancellation { get; }

        /// <summary>Runs <paramref name="func"/> on the pipeline thread (user scriptblocks) and returns its result here.</summary>
        public T OnPipelineThread<T>(Func<T> func) => (T)_invoke(() => func())!;

        /// <summary>Writes an object to the pipeline as soon as the pipeline thread can.</summary>
        public void Emit(object value) => _emit(value);
    }
}
