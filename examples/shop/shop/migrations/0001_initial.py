from django.db import migrations, models

PRODUCTS = [('Blue mug', 1200), ('Green mug', 1200), ('Tea towel', 800)]


def add_products(apps, schema_editor):
    Product = apps.get_model('shop', 'Product')
    for name, price in PRODUCTS:
        Product.objects.get_or_create(name=name, defaults={'price_cents': price})


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name='Product',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('price_cents', models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(add_products, migrations.RunPython.noop),
    ]
