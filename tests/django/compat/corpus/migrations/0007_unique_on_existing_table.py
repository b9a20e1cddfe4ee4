"""Incompatible: a unique constraint on an existing table; the running release may write duplicates."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0006_index_on_existing_table')]
    operations = [
        migrations.AddConstraint(model_name='item', constraint=models.UniqueConstraint(fields=['code'], name='item_code_unique')),
    ]
