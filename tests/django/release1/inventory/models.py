from django.db import models


class StockItem(models.Model):
    sku = models.CharField(max_length=32)
    level = models.IntegerField(default=0)
