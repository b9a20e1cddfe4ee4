"""Incompatible: NOT NULL, and Django drops the default it filled the rows with; the running release's INSERTs fail."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0002_add_nullable_column')]
    operations = [
        migrations.AddField(model_name='item', name='weight', field=models.IntegerField(default=0)),
    ]
