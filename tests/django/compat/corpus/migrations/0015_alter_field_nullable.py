"""Compatible: the column accepts NULL from now on; what the running release writes still fits."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0014_alter_field_not_null')]
    operations = [
        migrations.AlterField(model_name='item', name='ref', field=models.CharField(max_length=20, null=True)),
    ]
