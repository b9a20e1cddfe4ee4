using BlueGreen.Diagnostics;
using BlueGreen.PowerShell.Hosting;

namespace BlueGreen.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of every BlueGreen cmdlet. Owns cancellation (Ctrl+C / StopProcessing cancels the token every engine
    /// call takes), runs engine work off the pipeline thread while writing its streams on it, and turns engine
    /// failures into ErrorRecords whose id is prefixed by the cmdlet (e.g. SwitchBgTargetGroupNoIdleGroup).
    /// </summary>
    public abstract class BgCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>"SwitchBgTargetGroup" for Switch-BgTargetGroup: the prefix of every error id.</summary>
        protected string ErrorIdPrefix
        {
            get
            {
                var attribute = (CmdletAttribute)GetType().GetCustomAttributes(typeof(CmdletAttribute), true).First();
                return attribute.VerbName + attribute.NounName;
            }
        }

        protected override void StopProcessing()
        {
            _cancellation.Cancel();
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Runs engine work on a worker thread. Its reporter and approval calls (verbose, warning, progress,
        /// ShouldProcess) and any objects it emits are carried out here, on the pipeline thread, as they come.
        /// Engine failures become terminating errors with stable ids.
        /// </summary>
        protected T RunEngine<T>(Func<EngineContext, Task<T>> work)
        {
            var bridge = new PipelineBridge(this);
            var context = new EngineContext(bridge, bridge, bridge.WriteObject, _cancellation.Token, f => bridge.Invoke(f));
            Task<T> task = Task.Run(() => work(context));
            try
            {
                bridge.Pump(task, _cancellation.Token);
            }
            catch
            {
                _cancellation.Cancel();
                throw;
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (BlueGreenException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
                throw; // unreachable: ThrowTerminatingError always throws
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                // Not an engine failure with an id: a defect or an environment failure nobody translated.
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIdPrefix + "Unexpected", ErrorCategory.NotSpecified, null));
                throw;
            }
        }

        protected void RunEngine(Func<EngineContext, Task> work) =>
            RunEngine<bool>(async context =>
            {
                await work(context).ConfigureAwait(false);
                return true;
            });

        /// <summary>Terminating error for bad input or a failed precondition. Always throws.</summary>
        protected void ThrowBgError(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null)
        {
            ThrowTerminatingError(CreateErrorRecord(errorId, category, message, target, inner));
        }

        /// <summary>Non-terminating error for one failed item of many.</summary>
        protected void WriteBgError(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null)
        {
            WriteError(CreateErrorRecord(errorId, category, message, target, inner));
        }

        protected ErrorRecord ToErrorRecord(BlueGreenException ex) =>
            CreateErrorRecord(ex.ErrorId, MapCategory(ex.Category), ex.Message, ex.Target, ex);

        protected ErrorRecord CreateErrorRecord(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null)
        {
            Exception exception = inner is BlueGreenException ? inner : new BlueGreenException(errorId, FailureCategory.NotSpecified, message, target, inner);
            var record = new ErrorRecord(exception, ErrorIdPrefix + errorId, category, target);
            record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        internal static ErrorCategory MapCategory(FailureCategory category) =>
            Enum.TryParse(category.ToString(), out ErrorCategory mapped) ? mapped : ErrorCategory.NotSpecified;
    }
}
