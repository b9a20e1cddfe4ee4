"""Incompatible: the column's type changes under the running release."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0011_rename_model')]
    operations = [
        migrations.AlterField(model_name='item', name='size', field=models.BigIntegerField(default=0)),
    ]
