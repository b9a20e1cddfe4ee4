from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('inventory', '0002_stock_level')]
    operations = [
        migrations.AddField(model_name='stockitem', name='location', field=models.CharField(default='', max_length=50)),
    ]
