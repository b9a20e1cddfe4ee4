from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100, unique=True)
    price_cents = models.PositiveIntegerField()
    # Release 2: stock levels (migration 0002).
    in_stock = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.name
