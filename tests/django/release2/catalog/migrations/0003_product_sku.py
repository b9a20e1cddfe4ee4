from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('catalog', '0002_product_price')]
    operations = [
        migrations.AddField(model_name='product', name='sku', field=models.CharField(default='', max_length=32)),
    ]
