"""Incompatible: unique_together added on an existing table."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0018_add_unique_nullable_column')]
    operations = [
        migrations.AlterUniqueTogether(name='item', unique_together={('name', 'size')}),
    ]
