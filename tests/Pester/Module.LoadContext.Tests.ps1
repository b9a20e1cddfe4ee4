# BlueGreen loads and works in a session where AWSSDK.Core 3.7 was loaded first (as AWS.Tools for PowerShell v4 does):
# its own AWSSDK.Core 4 lives in BlueGreen's dependency load context, side by side with 3.7 in the default one.
BeforeAll {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:Core37 = Join-Path $packages 'awssdk.core/3.7.402/lib/netcoreapp3.1/AWSSDK.Core.dll'
    if (-not (Test-Path $script:Core37)) {
        throw "AWSSDK.Core 3.7.402 is not in the NuGet cache at '$script:Core37'. Run 'dotnet restore tests/tools'."
    }

    # A fresh session, like a user's: AWSSDK.Core 3.7 first, then BlueGreen, then a cmdlet that calls ELBv2 end to end
    # (against the local sandbox, so no real AWS is involved), then what is loaded where.
    $script:Probe = @'
param([string] $Core37, [string] $Module)
$ErrorActionPreference = 'Stop'
$env:AWS_CONFIG_FILE = '/nonexistent/bluegreen-test-config'
$env:AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/bluegreen-test-credentials'
$env:AWS_EC2_METADATA_DISABLED = 'true'
Add-Type -Path $Core37
$oldSdk = [Amazon.Runtime.AmazonServiceClient].Assembly.GetName().Version.ToString()
Import-Module $Module
$sandbox = Start-BgSandbox -Seed -TargetRegistrationTime '00:00:00'
try {
    $groups = @(Get-BgTargetGroup -Project demo -LoadBalancer bluegreen-demo)
}
finally {
    Stop-BgSandbox -Confirm:$false
}
$cores = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_)
    [pscustomobject]@{ Version = $_.GetName().Version.ToString(); Context = $context.GetType().FullName; ContextId = [System.Runtime.CompilerServices.RuntimeHelpers]::GetHashCode($context) }
}
[pscustomobject]@{
    TypeLoadedFirst = $oldSdk
    TargetGroups    = @($groups | ForEach-Object { [string] $_.Name })
    Cores           = @($cores)
} | ConvertTo-Json -Depth 4 -Compress
'@

    # The same PowerShell as this one; run as 'dotnet pwsh' (the local tool) the process is dotnet and pwsh.dll its argument.
    $pwsh = @((Get-Process -Id $PID).Path)
    if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
    $probeFile = Join-Path ([IO.Path]::GetTempPath()) "bluegreen-loadcontext-$PID.ps1"
    Set-Content -Path $probeFile -Value $script:Probe
    try {
        $script:Output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $probeFile -Core37 $script:Core37 -Module $env:BLUEGREEN_MODULE 2>&1
        $script:ExitCode = $LASTEXITCODE
    }
    finally {
        Remove-Item $probeFile -ErrorAction SilentlyContinue
    }
    $json = ($script:Output | Where-Object { $_ -is [string] -and $_.StartsWith('{') } | Select-Object -Last 1)
    $script:Result = if ($json) { $json | ConvertFrom-Json } else { $null }
}

Describe 'BlueGreen next to AWSSDK.Core 3.7' {
    It 'imports and runs an ELBv2 cmdlet in a session that loaded AWSSDK.Core 3.7 first' {
        $because = "the child session printed: $($script:Output -join [Environment]::NewLine)"
        $script:ExitCode | Should -Be 0 -Because $because
        $script:Result | Should -Not -BeNullOrEmpty -Because $because
        $script:Result.TypeLoadedFirst | Should -BeLike '3.3.*'
        $script:Result.TargetGroups | Sort-Object | Should -Be @('bluegreen-demo-blue', 'bluegreen-demo-green')
    }

    It 'has both AWSSDK.Core versions loaded, each in its own load context' {
        $cores = @($script:Result.Cores)
        $cores.Count | Should -Be 2
        $old = $cores | Where-Object { $_.Version -like '3.*' }
        $new = $cores | Where-Object { $_.Version -like '4.*' }
        $old.Context | Should -Be 'System.Runtime.Loader.DefaultAssemblyLoadContext'
        $new.Context | Should -Match '^BlueGreen\.PowerShell\..*DependencyLoadContext$'
        $new.ContextId | Should -Not -Be $old.ContextId
    }
}
