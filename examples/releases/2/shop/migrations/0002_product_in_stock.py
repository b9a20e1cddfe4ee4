from django.db import migrations, models


class Migration(migrations.Migration):
    """A nullable column: release 1, still serving while it is applied, neither reads nor writes it, and its INSERTs
    leave it NULL. Compatible with the running release (no maintenance window needed)."""

    dependencies = [('shop', '0001_initial')]

    operations = [
        migrations.AddField(
            model_name='product',
            name='in_stock',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
