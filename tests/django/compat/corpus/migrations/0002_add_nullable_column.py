"""Compatible: a nullable column; the running release does not write it."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0001_base')]
    operations = [
        migrations.AddField(model_name='item', name='colour', field=models.CharField(max_length=20, null=True)),
    ]
