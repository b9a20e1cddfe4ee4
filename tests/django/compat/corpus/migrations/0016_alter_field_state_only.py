"""Compatible: only Django's state changes (verbose_name); no SQL."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0015_alter_field_nullable')]
    operations = [
        migrations.AlterField(model_name='item', name='name', field=models.CharField(max_length=50, verbose_name='item name')),
    ]
