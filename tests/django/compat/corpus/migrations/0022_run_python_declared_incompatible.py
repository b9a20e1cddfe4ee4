"""Incompatible by its own declaration: Python code the author says the running release does not survive."""
from django.db import migrations


def rewrite(apps, schema_editor):
    apps.get_model('corpus', 'Item').objects.update(flag=False)


class Migration(migrations.Migration):
    bluegreen_compatible = False
    dependencies = [('corpus', '0021_run_sql_declared')]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
