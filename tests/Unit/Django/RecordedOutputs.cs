namespace BlueGreen.Tests.Unit.Django
{
    /// <summary>Output recorded from Django 3.2.25 (Debian python3-django) on the project in tests/django.</summary>
    internal static class RecordedOutputs
    {
        /// <summary>release1, database migrated by release1: showmigrations --plan -v 2.</summary>
        internal const string Release1Plan = """
            [X]  catalog.0001_initial
            [X]  inventory.0001_initial
            [X]  inventory.0002_stock_level ... (inventory.0001_initial)
            """;

        /// <summary>release2, database migrated by release2: showmigrations --plan -v 2.</summary>
        internal const string Release2Plan = """
            [X]  catalog.0001_initial
            [X]  catalog.0002_product_price ... (catalog.0001_initial)
            [X]  catalog.0003_product_sku ... (catalog.0002_product_price)
            [X]  catalog.0004_fill_sku ... (catalog.0003_product_sku)
            [X]  catalog.add_product_slug ... (catalog.0004_fill_sku)
            [X]  inventory.0001_initial
            [X]  inventory.0002_stock_level ... (inventory.0001_initial)
            [X]  inventory.0003_stock_location ... (inventory.0002_stock_level)
            [X]  notes.0001_initial
            [X]  orders.0001_initial ... (catalog.0003_product_sku)
            """;

        /// <summary>release1 against the database migrated by release2 (it does not see release2's files).</summary>
        internal const string Release1PlanOnRelease2Database = Release1Plan;

        /// <summary>release2, database migrated by release3: the replaced migrations are applied.</summary>
        internal const string Release2PlanOnRelease3Database = Release2Plan;

        /// <summary>release3 (inventory squashed), database fully migrated: showmigrations --plan -v 2.</summary>
        internal const string Release3Plan = """
            [X]  catalog.0001_initial
            [X]  catalog.0002_product_price ... (catalog.0001_initial)
            [X]  catalog.0003_product_sku ... (catalog.0002_product_price)
            [X]  catalog.0004_fill_sku ... (catalog.0003_product_sku)
            [X]  catalog.add_product_slug ... (catalog.0004_fill_sku)
            [X]  inventory.0001_squashed_0003_stock_location
            [X]  inventory.0004_stock_reserved ... (inventory.0001_squashed_0003_stock_location)
            [X]  notes.0001_initial
            [X]  orders.0001_initial ... (catalog.0003_product_sku)
            """;

        /// <summary>release3: showmigrations (list format).</summary>
        internal const string Release3List = """
            catalog
             [X] 0001_initial
             [X] 0002_product_price
             [X] 0003_product_sku
             [X] 0004_fill_sku
             [X] add_product_slug
            inventory
             [X] 0001_squashed_0003_stock_location (3 squashed migrations)
             [X] 0004_stock_reserved
            notes
             [X] 0001_initial
            orders
             [X] 0001_initial
            """;

        /// <summary>release2: migrate catalog 0001_initial --plan.</summary>
        internal const string Release2RevertCatalogPlan = """
            Planned operations:
            orders.0001_initial
                Undo Create model Order
            catalog.add_product_slug
                Undo Add field slug to product
            catalog.0004_fill_sku
                Raw Python operation
            catalog.0003_product_sku
                Undo Add field sku to product
            catalog.0002_product_price
                Undo Add field price to product
            """;

        /// <summary>release2: migrate orders zero --plan.</summary>
        internal const string Release2RevertOrdersPlan = """
            Planned operations:
            orders.0001_initial
                Undo Create model Order
            """;

        /// <summary>release4: migrate --plan on a database migrated by release1.</summary>
        internal const string Release4PendingPlan = """
            Planned operations:
            catalog.0002_product_price
                Add field price to product
            catalog.0004_fill_sku
                Raw Python operation
            notes.0002_note_cleanup
                Raw SQL operation -> UPDATE notes_note SET text = TRIM(t…
            orders.0002_order_reference
                Add field reference to order
                Raw Python operation
            """;
    }
}
