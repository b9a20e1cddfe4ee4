"""Compatible: an index on the table the previous migration created."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0004_create_model')]
    operations = [
        migrations.AddIndex(model_name='tag', index=models.Index(fields=['name'], name='tag_name_idx')),
    ]
