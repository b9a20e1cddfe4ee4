"""Raw SQL without reverse SQL: also irreversible."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('notes', '0001_initial')]
    operations = [migrations.RunSQL("UPDATE notes_note SET text = TRIM(text)")]
