"""Incompatible: a new column, nullable but unique on an existing table."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0017_add_nullable_foreign_key')]
    operations = [
        migrations.AddField(model_name='item', name='serial', field=models.CharField(max_length=20, null=True, unique=True)),
    ]
