"""An unnumbered migration name: Django orders migrations by their dependencies, not by their names."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('catalog', '0004_fill_sku')]
    operations = [
        migrations.AddField(model_name='product', name='slug', field=models.SlugField(default='', max_length=100)),
    ]
