from django.db import models


class StockItem(models.Model):
    sku = models.CharField(max_length=32)
    level = models.IntegerField(default=0)
    location = models.CharField(max_length=50, default='')
    reserved = models.IntegerField(default=0)
