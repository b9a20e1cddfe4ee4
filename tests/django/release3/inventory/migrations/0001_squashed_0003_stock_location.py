"""inventory 0001-0003 squashed (as 'manage.py squashmigrations inventory 0003' writes it); the originals stay for
the transition, so Django uses either the squash or the originals depending on what the database has applied."""
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [('inventory', '0001_initial'), ('inventory', '0002_stock_level'), ('inventory', '0003_stock_location')]
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name='StockItem',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sku', models.CharField(max_length=32)),
                ('level', models.IntegerField(default=0)),
                ('location', models.CharField(default='', max_length=50)),
            ],
        ),
    ]
