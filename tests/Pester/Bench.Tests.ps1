# Deadline: 240 s (about 60 s on an idle 2-core machine: a one-run bench of the smallest size)
# The benchmark harness (bench/, build.ps1 Bench) is not part of the test run; this checks that it starts, measures
# every figure it is asked for and writes its report with the plot, on a tiny size, into a temporary folder (never
# docs/). Also: the seed's scripts vendored under bench/seed are the original ones, byte for byte.
BeforeDiscovery {
    $script:Missing = @('/usr/bin/aws', '/usr/bin/python3', '/usr/bin/openssl') | Where-Object { -not (Test-Path $_) }
}

Describe 'The benchmark harness' -Tag 'Bench', 'AwsCli' {
    BeforeAll {
        $script:Repo = Split-Path (Split-Path $PSScriptRoot)
        $script:Out = Join-Path ([IO.Path]::GetTempPath()) ('bgbench-smoke-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    }

    AfterAll {
        Remove-Item $script:Out -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'vendors the seed''s six scripts unchanged (byte-identical to ../shared/seed/scripts where that exists)' {
        $vendored = Join-Path $script:Repo 'bench/seed'
        @(Get-ChildItem $vendored -Filter *.sh).Name | Sort-Object | Should -Be @('add-machine.sh', 'aws-script-config.sh', 'deploy-blue-green.sh', 'remove-inactive-blue-green.sh', 'remove-machine.sh', 'rollback-blue-green.sh')
        $original = Join-Path (Split-Path $script:Repo) 'shared/seed/scripts'
        if (-not (Test-Path $original)) { Set-ItResult -Skipped -Because "$original is not next to this clone"; return }
        foreach ($file in Get-ChildItem $original -File) {
            (Get-FileHash (Join-Path $vendored $file.Name)).Hash | Should -Be (Get-FileHash $file.FullName).Hash -Because "bench/seed/$($file.Name) must be the original"
        }
    }

    It 'runs a tiny bench and writes the report with every figure''s row and a PNG plot' -Skip:([bool] $script:Missing) {
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
        $exe = $pwsh[0]; $rest = @($pwsh | Select-Object -Skip 1)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $output = & $exe @rest -NoProfile -NonInteractive -File (Join-Path $script:Repo 'bench/Invoke-Bench.ps1') -ModulePath $env:BLUEGREEN_MODULE `
            -OutputDirectory $script:Out -WorkDirectory (Join-Path $script:Out 'work') -Runs 1 -Listeners 1 -Machines '1,2' -ImportRuns 2 -Launcher pwsh.dll `
            -LaunchDelay 0.2 -Latency 50 -Figure 'Import,Switch,Deploy' 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        Write-Host "The tiny bench took $([Math]::Round($clock.Elapsed.TotalSeconds)) s."
        $report = Get-Content (Join-Path $script:Out 'benchmarks.md') -Raw
        foreach ($figure in 1..5) { $report | Should -Match "(?m)^\| $figure \| " -Because "figure $figure has a row" }
        $report | Should -Match '\| 1 \| switch \| 1 forwarding \+ 1 redirect \| \d+\.\d\d s'
        $report | Should -Match '\| 2 \| deployment \| N = 2 \| \d+\.\d\d s'
        $report | Should -Match '\| 50 ms \| BlueGreen, warm session \| \d+ \| \d+ \|' -Because 'the switch under latency has its rows'
        $report | Should -Match '\| 4 \| Import-Module \+ first call \| pwsh.dll, warm'
        $report | Should -Match '!\[[^\]]+\]\(benchmarks-deployment\.png\)'
        $png = [IO.File]::ReadAllBytes((Join-Path $script:Out 'benchmarks-deployment.png'))
        $png.Length | Should -BeGreaterThan 10000
        [BitConverter]::ToString($png, 0, 8) | Should -Be '89-50-4E-47-0D-0A-1A-0A'
        $results = Get-Content (Join-Path $script:Out 'benchmarks.json') -Raw | ConvertFrom-Json
        @($results.deploy).Count | Should -Be 2
        Test-Path (Join-Path $script:Out 'work') | Should -BeFalse -Because 'the harness removes its work folder'
    }
}
