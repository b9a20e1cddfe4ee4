from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100, unique=True)
    price_cents = models.PositiveIntegerField()
    # Release 2: stock levels (migration 0002). Nullable, so release 1 keeps working while it is applied: NULL means
    # "not counted yet" (every row release 1 wrote).
    in_stock = models.PositiveIntegerField(blank=True, null=True)

    def __str__(self):
        return self.name
