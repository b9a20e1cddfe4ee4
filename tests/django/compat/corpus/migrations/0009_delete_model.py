"""Incompatible: the running release still reads the table."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0008_remove_field')]
    operations = [
        migrations.DeleteModel(name='Gone'),
    ]
