"""Applied before the corpus is classified: the tables the running release uses."""
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name='Item', fields=[
            ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('name', models.CharField(max_length=50)),
            ('code', models.CharField(max_length=20)),
            ('legacy', models.CharField(max_length=20, default='')),
            ('label', models.CharField(max_length=20, default='')),
            ('size', models.IntegerField(default=0)),
            ('summary', models.CharField(max_length=20, default='')),
            ('note', models.CharField(max_length=50, null=True)),
            ('ref', models.CharField(max_length=20, default='')),
            ('flag', models.BooleanField(default=False)),
        ]),
        migrations.CreateModel(name='Supplier', fields=[
            ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('title', models.CharField(max_length=50)),
        ]),
        migrations.CreateModel(name='Gone', fields=[
            ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ]),
    ]
