from django.db import migrations, models


class Migration(migrations.Migration):
    """A NOT NULL column without a database default (Django adds it with a temporary default for the existing rows,
    then drops the default): INSERTs by the release still serving, which does not name the column, would fail.
    Incompatible with the running release: Maintenance 'Auto' puts a window around it."""

    dependencies = [('shop', '0002_product_in_stock')]

    operations = [
        migrations.AddField(
            model_name='product',
            name='weight_grams',
            field=models.PositiveIntegerField(default=0),
        ),
    ]
