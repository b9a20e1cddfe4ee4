"""Incompatible: the running release still uses the old column name."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0009_delete_model')]
    operations = [
        migrations.RenameField(model_name='item', old_name='label', new_name='caption'),
    ]
