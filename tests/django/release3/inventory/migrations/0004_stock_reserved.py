from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('inventory', '0003_stock_location')]
    operations = [
        migrations.AddField(model_name='stockitem', name='reserved', field=models.IntegerField(default=0)),
    ]
