"""Unknown: Python code BlueGreen cannot judge, and the migration does not declare itself."""
from django.db import migrations


def touch(apps, schema_editor):
    apps.get_model('corpus', 'Item').objects.filter(flag=True).update(flag=True)


class Migration(migrations.Migration):
    dependencies = [('corpus', '0019_unique_together')]
    operations = [migrations.RunPython(touch, migrations.RunPython.noop)]
