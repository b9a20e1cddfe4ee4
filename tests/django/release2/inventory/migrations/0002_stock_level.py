from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('inventory', '0001_initial')]
    operations = [
        migrations.AddField(model_name='stockitem', name='level', field=models.IntegerField(default=0)),
    ]
