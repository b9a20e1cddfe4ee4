@{
    Synopsis    = 'Unapplies the Django migrations a new release added, so the database is back in the old release''s state.'
    Description = @'
Undo-BgMigration takes the objects of Get-BgMigrationDiff from the pipeline (by property name), collects them all, and then plans one 'manage.py migrate <app> <target>' per app. Apps whose new migrations depend on another app's new migrations go first. The plan is checked against a model of Django: a backwards migrate also unapplies everything that depends on what it unapplies, so a step that would unapply a migration the old release has applied, or a set of steps that cannot reach the old release's state, is refused with the migrations named.

Before anything changes, Django plans every step ('migrate <app> <target> --plan'); an IRREVERSIBLE operation (RunPython without reverse code, RunSQL without reverse SQL) stops the whole undo with an error naming the migration. Then each step is confirmed (ConfirmImpact High; the message names every migration the step unapplies), the approved steps run in order on the NEW release's manage command (only it has the migration files), and the plan is read back: if the applied migrations are not exactly the expected ones, it fails naming the differences. -WhatIf shows the steps and runs only read-only commands.

Objects from Get-BgMigrationDiff on the project's machines carry the idle machine's manage command ('docker compose ... exec -T django ...'), its compose project directory and its Docker connection (DOCKER_HOST and the other DOCKER_* variables) as NewEnvironment, plus its name as NewMachine: 'Get-BgMigrationDiff | Undo-BgMigration' therefore undoes on the idle machine, which has the new release's migration files, with no further parameters. Each confirmation names that machine.
'@
    Parameters  = @{
        App                 = 'App label of the migration (from Get-BgMigrationDiff).'
        Name                = 'Migration name (from Get-BgMigrationDiff).'
        OldState            = 'State of the migration in the old release: Applied (it must stay applied), NotApplied or Absent (default; it must be unapplied).'
        RevertTarget        = "The migrate target of the migration's app: a migration name or 'zero'. Input without one is skipped (its app needs no undo)."
        RevertBlockedReason = 'Set by Get-BgMigrationDiff when the app cannot be reverted with the new release''s code; the undo then refuses with this reason.'
        NewManageCommand    = "The new release's manage.py command as an array (executable and arguments up to manage.py). Alias: ManageCommand. All input must have the same one."
        WorkingDirectory    = "Directory the manage command runs in. Alias: NewWorkingDirectory."
        Environment         = 'Environment variables for the manage command (from Get-BgMigrationDiff on machines: the Docker connection of the idle machine). Alias: NewEnvironment.'
        NewMachine          = 'The machine the manage command reaches (set by Get-BgMigrationDiff on machines), named in every confirmation. Only a label: the manage command and its environment decide where the undo runs. All input must have the same one.'
        CommandTimeoutSec = 'Seconds one external command (manage.py, docker compose, docker, docker-machine) may run before it is stopped, with every process it started, and the error CommandTimedOut names the command, the machine and the time allowed. Default: CommandTimeoutSeconds of the project file (900); without a project file, 900.'
        WhatIf              = 'Shows every migrate step and the migrations it would unapply; nothing that changes the database is run.'
        Confirm             = 'Asks before each migrate step (the default, ConfirmImpact High). -Confirm:$false runs without asking.'
    }
    Inputs      = @(@{ Type = 'BlueGreen.Django.MigrationDiff'; Description = 'The output of Get-BgMigrationDiff (bound by property name).' })
    Outputs     = @(@{ Type = 'BlueGreen.Django.MigrationUndoStepResult'; Description = 'One per migrate step that ran: app, target, the migrations it unapplied, duration.' })
    Examples    = @(
        @{
            Title   = 'Roll back the idle release''s migrations on its machine'
            Code    = 'Get-BgMigrationDiff | Undo-BgMigration -Confirm'
            Remarks = 'Compares a live machine with the idle machine of the project in the current directory and unapplies, on the idle machine, what its release added, asking before each migrate step.'
        }
        @{
            Title   = 'Preview a rollback of migrations'
            Code    = 'Get-BgMigrationDiff /usr/bin/python3,/srv/release1/manage.py /usr/bin/python3,/srv/release2/manage.py | Undo-BgMigration -WhatIf'
            Remarks = 'Shows each migrate step and what it unapplies; Django is asked for plans only.'
        }
        @{
            Title   = 'Roll back without prompts (in a script)'
            Code    = 'Get-BgMigrationDiff /usr/bin/python3,/srv/release1/manage.py /usr/bin/python3,/srv/release2/manage.py -Environment $dbSettings | Undo-BgMigration -Confirm:$false'
            Remarks = 'Runs every step, then verifies the database has exactly the old release''s migrations; fails otherwise.'
        }
        @{
            Title   = 'Revert one app by hand'
            Code    = "Undo-BgMigration -App orders -Name 0002_order_reference -RevertTarget 0001_initial -NewManageCommand /usr/bin/python3,/srv/release2/manage.py"
            Remarks = 'Unapplies orders.0002_order_reference (and anything depending on it) after confirmation.'
        }
    )
    Links       = @('Get-BgMigrationDiff', 'Test-BgMigration')
}
