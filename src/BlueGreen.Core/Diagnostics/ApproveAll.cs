namespace BlueGreen.Diagnostics
{
    /// <summary>Approves every change; for engine callers outside PowerShell (tests, automation hosts).</summary>
    public sealed class ApproveAll : IChangeApproval
    {
        public static readonly ApproveAll Instance = new ApproveAll();

        private ApproveAll()
        {
        }

        public bool Approve(string target, string action) => true;
    }
}
