"""A data migration without reverse code: Django cannot unapply it (IRREVERSIBLE in 'migrate --plan')."""
from django.db import migrations, models


def fill_reference(apps, schema_editor):
    Order = apps.get_model('orders', 'Order')
    for order in Order.objects.all():
        order.reference = 'ORD-%d' % order.pk
        order.save(update_fields=['reference'])


class Migration(migrations.Migration):
    dependencies = [('orders', '0001_initial')]
    operations = [
        migrations.AddField(model_name='order', name='reference', field=models.CharField(default='', max_length=20)),
        migrations.RunPython(fill_reference),
    ]
