"""Incompatible: the running release still reads and writes the column."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0007_unique_on_existing_table')]
    operations = [
        migrations.RemoveField(model_name='item', name='legacy'),
    ]
