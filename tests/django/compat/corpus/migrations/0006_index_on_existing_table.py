"""Compatible: a plain index on an existing table (writes wait while it builds; nothing the running release does fails)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0005_index_on_new_table')]
    operations = [
        migrations.AddIndex(model_name='item', index=models.Index(fields=['name'], name='item_name_idx')),
    ]
