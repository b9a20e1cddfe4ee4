"""Compatible by its own declaration: SQL the author says the running release survives."""
from django.db import migrations


class Migration(migrations.Migration):
    bluegreen_compatible = True
    dependencies = [('corpus', '0020_run_python_undeclared')]
    operations = [migrations.RunSQL('UPDATE corpus_item SET flag = flag WHERE id < 0', migrations.RunSQL.noop)]
