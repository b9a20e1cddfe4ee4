"""A data migration with reverse code: reversible."""
from django.db import migrations


def fill_sku(apps, schema_editor):
    Product = apps.get_model('catalog', 'Product')
    for product in Product.objects.filter(sku=''):
        product.sku = 'SKU-%d' % product.pk
        product.save(update_fields=['sku'])


def clear_sku(apps, schema_editor):
    apps.get_model('catalog', 'Product').objects.update(sku='')


class Migration(migrations.Migration):
    dependencies = [('catalog', '0003_product_sku')]
    operations = [migrations.RunPython(fill_sku, clear_sku)]
