<#
.SYNOPSIS
    Writes en-US/BlueGreen.PowerShell.dll-Help.xml (MAML) for the built module from the <Verb-Noun>.help.psd1
    sources beside this script and the parameter metadata of the built cmdlets.
.DESCRIPTION
    Runs in a child pwsh (the build must not load the module into its own session). A cmdlet without a help
    source, or a parameter without a description, is reported as a warning here and fails the Pester help test.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModuleDirectory,
    [Parameter(Mandatory)][string] $HelpSourceDirectory
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$module = Import-Module (Join-Path $ModuleDirectory 'BlueGreen.psd1') -PassThru -Force
$ns = @{
    maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$outDir = New-Item -ItemType Directory -Force -Path (Join-Path $ModuleDirectory 'en-US')
$writer = [System.Xml.XmlWriter]::Create((Join-Path $outDir 'BlueGreen.PowerShell.dll-Help.xml'), $settings)

function Write-Para([string] $text) {
    foreach ($paragraph in ($text -split "(`r?`n){2,}" | Where-Object { $_.Trim() })) {
        $writer.WriteElementString('maml', 'para', $ns.maml, ($paragraph.Trim() -replace "`r?`n", ' '))
    }
}

function Write-TypeBlock([string] $element, [object[]] $items) {
    $writer.WriteStartElement('command', $element + 's', $ns.command)
    foreach ($item in $items) {
        $writer.WriteStartElement('command', $element, $ns.command)
        $writer.WriteStartElement('dev', 'type', $ns.dev)
        $writer.WriteElementString('maml', 'name', $ns.maml, $item.Type)
        $writer.WriteEndElement()
        $writer.WriteStartElement('maml', 'description', $ns.maml); Write-Para $item.Description; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}

function Write-Parameter($parameter, $setParameter, [string] $description) {
    $attributes = if ($setParameter) { $setParameter } else { $parameter.ParameterSets.Values | Select-Object -First 1 }
    $pipeline = @()
    if ($attributes.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($attributes.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $writer.WriteStartElement('command', 'parameter', $ns.command)
    $writer.WriteAttributeString('required', $attributes.IsMandatory.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($attributes.Position -ge 0) { "$($attributes.Position)" } else { 'named' }))
    $writer.WriteElementString('maml', 'name', $ns.maml, $parameter.Name)
    $writer.WriteStartElement('maml', 'description', $ns.maml); Write-Para $description; $writer.WriteEndElement()
    $isSwitch = $parameter.ParameterType -eq [switch]
    $writer.WriteStartElement('command', 'parameterValue', $ns.command)
    $writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
    $writer.WriteString($parameter.ParameterType.Name)
    $writer.WriteEndElement()
    $writer.WriteStartElement('dev', 'type', $ns.dev)
    $writer.WriteElementString('maml', 'name', $ns.maml, $parameter.ParameterType.FullName)
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $source = Join-Path $HelpSourceDirectory "$($command.Name).help.psd1"
    if (-not (Test-Path $source)) {
        Write-Warning "No help source for $($command.Name): add $source."
        continue
    }
    $help = Import-PowerShellDataFile $source
    $descriptions = if ($help.ContainsKey('Parameters')) { $help.Parameters } else { @{} }
    foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common -and -not $descriptions.ContainsKey($_) }) {
        Write-Warning "$($command.Name): parameter -$name has no description in $source."
    }

    $writer.WriteStartElement('command', 'command', $ns.command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $writer.WriteAttributeString('xmlns', 'command', $null, $ns.command)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $writer.WriteStartElement('command', 'details', $ns.command)
    $writer.WriteElementString('command', 'name', $ns.command, $command.Name)
    $writer.WriteElementString('command', 'verb', $ns.command, $command.Verb)
    $writer.WriteElementString('command', 'noun', $ns.command, $command.Noun)
    $writer.WriteStartElement('maml', 'description', $ns.maml); Write-Para $help.Synopsis; $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteStartElement('maml', 'description', $ns.maml); Write-Para $help.Description; $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $writer.WriteElementString('maml', 'name', $ns.maml, $command.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            Write-Parameter $command.Parameters[$p.Name] $p ([string]$descriptions[$p.Name])
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name) {
        Write-Parameter $parameter $null ([string]$descriptions[$parameter.Name])
    }
    $writer.WriteEndElement()

    if ($help.ContainsKey('Inputs')) { Write-TypeBlock 'inputType' $help.Inputs }
    if ($help.ContainsKey('Outputs')) { Write-TypeBlock 'returnValue' $help.Outputs }

    $writer.WriteStartElement('command', 'examples', $ns.command)
    $index = 0
    foreach ($example in $help.Examples) {
        $index++
        $writer.WriteStartElement('command', 'example', $ns.command)
        $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- Example ${index}: $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $ns.dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $ns.dev); Write-Para $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($link in @($help['Links']) | Where-Object { $_ }) {
        $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $writer.WriteElementString('maml', 'linkText', $ns.maml, $link)
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Close()
