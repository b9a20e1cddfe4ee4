# Shared by the Pester tests: the official AWS CLI pinned to a sandbox, and waiting helpers.
# Tests never reach real AWS: Use-TestAwsEnvironment removes config/credential files from view and sets dummy keys.

function Use-TestAwsEnvironment {
    $env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-test-config'
    $env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-test-credentials'
    $env:AWS_ACCESS_KEY_ID = 'test'
    $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_PAGER = ''
    $env:AWS_RETRY_MODE = 'standard'
    $env:AWS_MAX_ATTEMPTS = '3'
}

function Invoke-Aws {
    # Runs Debian's official /usr/bin/aws (v2) against -Endpoint; returns exit code, parsed JSON and stderr.
    param([Parameter(Mandatory)] [uri] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $stderr = New-TemporaryFile
    try {
        $stdout = & /usr/bin/aws @Arguments --endpoint-url "$Endpoint" --output json 2> $stderr.FullName
        $text = ($stdout | Out-String).Trim()
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Json     = if ($text) { $text | ConvertFrom-Json } else { $null }
            Error    = (Get-Content $stderr.FullName -Raw)
        }
    }
    finally {
        Remove-Item $stderr.FullName -ErrorAction SilentlyContinue
    }
}

function Invoke-AwsJson {
    # Like Invoke-Aws, but returns the JSON and throws when the CLI fails.
    param([Parameter(Mandatory)] [uri] $Endpoint, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $result = Invoke-Aws -Endpoint $Endpoint @Arguments
    if ($result.ExitCode -ne 0) { throw "aws $($Arguments -join ' ') failed ($($result.ExitCode)): $($result.Error)" }
    $result.Json
}

function Assert-AwsError {
    # Asserts the CLI failed with this AWS error code, as it reports service errors (exit code 254).
    param([Parameter(Mandatory)] [string] $Code, [Parameter(Mandatory)] [string] $Operation, [Parameter(Mandatory)] $Result)
    $Result.ExitCode | Should -Be 254
    $Result.Error | Should -Match ([regex]::Escape("An error occurred ($Code) when calling the $Operation operation"))
}

function Wait-Until {
    # Polls -Condition until it returns true, or throws after -TimeoutSeconds naming -Because.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 30, [string] $Because = 'the condition')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for $Because." }
        Start-Sleep -Milliseconds 200
    }
}

Export-ModuleMember -Function Use-TestAwsEnvironment, Invoke-Aws, Invoke-AwsJson, Assert-AwsError, Wait-Until
