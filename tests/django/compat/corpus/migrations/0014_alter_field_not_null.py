"""Incompatible: NOT NULL on a column the running release leaves empty."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0013_alter_field_length')]
    operations = [
        migrations.AlterField(model_name='item', name='note', field=models.CharField(max_length=50, default='')),
    ]
