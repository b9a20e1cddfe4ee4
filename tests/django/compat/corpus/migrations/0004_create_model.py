"""Compatible: a new table."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0003_add_not_null_column')]
    operations = [
        migrations.CreateModel(name='Tag', fields=[('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('name', models.CharField(max_length=30))]),
    ]
