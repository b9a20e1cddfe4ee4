"""Incompatible: a type change (varchar(20) to varchar(40))."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0012_alter_field_type')]
    operations = [
        migrations.AlterField(model_name='item', name='summary', field=models.CharField(max_length=40, default='')),
    ]
