from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100, unique=True)
    price_cents = models.PositiveIntegerField()
    # Release 2: stock levels (migration 0002). Nullable: NULL means "not counted yet".
    in_stock = models.PositiveIntegerField(blank=True, null=True)
    # Release 4: each product's shipping weight (migration 0003). NOT NULL, and Django's default is not the
    # database's: Django fills the existing rows with 0, then drops the column's default, so an INSERT by the release
    # still serving (which does not know the column) would fail. Incompatible with the running release: its migration
    # gets a maintenance window.
    weight_grams = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.name
