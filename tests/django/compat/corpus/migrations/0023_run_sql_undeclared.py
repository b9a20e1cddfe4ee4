"""Unknown: raw SQL, undeclared."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('corpus', '0022_run_python_declared_incompatible')]
    operations = [migrations.RunSQL('UPDATE corpus_item SET flag = flag WHERE id < 0', migrations.RunSQL.noop)]
