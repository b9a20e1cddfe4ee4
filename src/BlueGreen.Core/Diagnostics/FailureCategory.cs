namespace BlueGreen.Diagnostics
{
    /// <summary>
    /// Engine-side mirror of the PowerShell ErrorCategory values BlueGreen uses (same names), so the engine
    /// needs no reference to System.Management.Automation.
    /// </summary>
    public enum FailureCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        InvalidResult,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        ResourceBusy,
        PermissionDenied,
        AuthenticationError,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        LimitsExceeded,
        NotInstalled,
        NotImplemented,
        ProtocolError,
        DeviceError,
        WriteError,
        ReadError,
        SecurityError,
    }
}
