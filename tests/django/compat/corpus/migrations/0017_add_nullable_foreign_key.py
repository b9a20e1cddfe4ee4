"""Compatible: a nullable foreign key to the new table (its index is not unique)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('corpus', '0016_alter_field_state_only')]
    operations = [
        migrations.AddField(model_name='item', name='tag', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='corpus.tag')),
    ]
