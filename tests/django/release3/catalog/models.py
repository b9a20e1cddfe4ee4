from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    sku = models.CharField(max_length=32, default='')
    slug = models.SlugField(max_length=100, default='')
