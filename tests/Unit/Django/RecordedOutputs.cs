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

        /// <summary>release4 on a database migrated by release2: BlueGreen's migration_facts.py (manage.py shell) for the migrations of <see cref="Release4PendingPlan"/>.</summary>
        internal const string Release4PendingFacts = """
            BLUEGREEN-MIGRATION-FACTS {"app": "catalog", "declared": null, "irreversible": null, "name": "0002_product_price", "operations": [{"after": {"column": "price", "dbDefault": false, "index": false, "null": false, "type": "decimal", "unique": false}, "before": null, "describe": "Add field price to product", "reducesToSql": true, "sql": ["CREATE TABLE \"new__catalog_product\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"price\" decimal NOT NULL, \"name\" varchar(100) NOT NULL);", "INSERT INTO \"new__catalog_product\" (\"id\", \"name\", \"price\") SELECT \"id\", \"name\", '0.00' FROM \"catalog_product\";", "DROP TABLE \"catalog_product\";", "ALTER TABLE \"new__catalog_product\" RENAME TO \"catalog_product\";"], "table": "catalog_product", "tableExists": true, "type": "AddField"}], "vendor": "sqlite"}
            BLUEGREEN-MIGRATION-FACTS {"app": "catalog", "declared": null, "irreversible": null, "name": "0004_fill_sku", "operations": [{"describe": "Raw Python operation", "reducesToSql": false, "sql": [], "type": "RunPython"}], "vendor": "sqlite"}
            BLUEGREEN-MIGRATION-FACTS {"app": "notes", "declared": null, "irreversible": "Operation <RunSQL 'UPDATE notes_note SET text = TRIM(text)'> in notes.0002_note_cleanup is not reversible", "name": "0002_note_cleanup", "operations": [{"describe": "Raw SQL operation", "reducesToSql": true, "sql": ["UPDATE notes_note SET text = TRIM(text);"], "type": "RunSQL"}], "vendor": "sqlite"}
            BLUEGREEN-MIGRATION-FACTS {"app": "orders", "declared": null, "irreversible": "Operation <RunPython <function fill_reference at 0x7f6b29c0ade0>> in orders.0002_order_reference is not reversible", "name": "0002_order_reference", "operations": [{"after": {"column": "reference", "dbDefault": false, "index": false, "null": false, "type": "varchar(20)", "unique": false}, "before": null, "describe": "Add field reference to order", "reducesToSql": true, "sql": ["CREATE TABLE \"new__orders_order\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"reference\" varchar(20) NOT NULL, \"quantity\" integer unsigned NOT NULL CHECK (\"quantity\" >= 0), \"product_id\" integer NOT NULL REFERENCES \"catalog_product\" (\"id\") DEFERRABLE INITIALLY DEFERRED);", "INSERT INTO \"new__orders_order\" (\"id\", \"quantity\", \"product_id\", \"reference\") SELECT \"id\", \"quantity\", \"product_id\", '' FROM \"orders_order\";", "DROP TABLE \"orders_order\";", "ALTER TABLE \"new__orders_order\" RENAME TO \"orders_order\";", "CREATE INDEX \"orders_order_product_id_096244de\" ON \"orders_order\" (\"product_id\");"], "table": "orders_order", "tableExists": true, "type": "AddField"}, {"describe": "Raw Python operation", "reducesToSql": false, "sql": [], "type": "RunPython"}], "vendor": "sqlite"}
            """;
    }
}
