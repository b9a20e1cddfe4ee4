"""Incompatible: the running release still uses the old table name."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0010_rename_field')]
    operations = [
        migrations.RenameModel(old_name='Supplier', new_name='Vendor'),
    ]
