# BlueGreen's migration facts: run inside `manage.py shell` of the NEW release (its stdin, after a line KEYS = [...]
# naming the pending migrations in plan order). For each migration it prints one line
# "BLUEGREEN-MIGRATION-FACTS <json>": the migration's own declaration (bluegreen_compatible), why Django could not
# unapply it (IrreversibleError's text for its first irreversible operation, as Migration.unapply raises it; null when
# it can be unapplied), and per operation its
# class, Django's description, the SQL Django would run for it (collected as sqlmigrate collects it, from the state
# before the migration, against this database's vendor), the table and whether it exists in the database now, and
# the column before and after. BlueGreen's rules (MigrationCompatibilityRules) judge these facts; nothing is changed.
import json
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.fields import FieldOperation
from django.db.models import NOT_PROVIDED

connection = connections[DEFAULT_DB_ALIAS]
loader = MigrationLoader(connection, ignore_no_migrations=True)
existing = set(connection.introspection.table_names())


def column(state, app, model_name, name):
    if state is None or model_name is None or name is None:
        return None
    try:
        model = state.apps.get_model(app, model_name)
        field = model._meta.get_field(name)
    except Exception:
        return None
    if not getattr(field, 'concrete', False):
        return None
    params = field.db_parameters(connection=connection)
    db_default = getattr(field, 'db_default', NOT_PROVIDED)
    return {
        'column': field.column,
        'type': params.get('type'),
        'null': bool(field.null),
        'unique': bool(field.unique) and not field.primary_key,
        'index': bool(field.db_index),
        'dbDefault': db_default is not NOT_PROVIDED,
    }


def table_of(state, app, model_name):
    if state is None or model_name is None:
        return None
    try:
        return state.apps.get_model(app, model_name)._meta.db_table
    except LookupError:
        return None


def together(state, app, model_name, option):
    try:
        value = state.models[app, model_name.lower()].options.get(option) or ()
    except (KeyError, AttributeError):
        return []
    return sorted(','.join(fields) for fields in value)


for app, name in KEYS:
    migration = loader.get_migration(app, name)
    state = loader.project_state((app, name), at_end=False)
    operations = []
    for operation in migration.operations:
        before = state.clone()
        operation.state_forwards(app, state)
        sql = []
        if operation.reduces_to_sql:
            with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                operation.database_forwards(app, editor, before, state)
            sql = [line for line in editor.collected_sql if line.strip()]
        kind = type(operation).__name__
        if kind == 'RenameModel':
            model_name = operation.old_name
        else:
            model_name = getattr(operation, 'model_name', None) or getattr(operation, 'name', None)
        field_name = operation.name if isinstance(operation, FieldOperation) else None
        facts = {'type': kind, 'describe': operation.describe(), 'sql': sql, 'reducesToSql': bool(operation.reduces_to_sql)}
        table = table_of(before, app, model_name) or table_of(state, app, model_name)
        if table is not None:
            facts['table'] = table
            facts['tableExists'] = table in existing
        if kind == 'RenameField':
            facts['before'] = column(before, app, operation.model_name, operation.old_name)
            facts['after'] = column(state, app, operation.model_name, operation.new_name)
        elif field_name is not None:
            facts['before'] = column(before, app, operation.model_name, field_name)
            facts['after'] = column(state, app, operation.model_name, field_name)
        constraint = getattr(operation, 'constraint', None)
        if constraint is not None:
            facts['unique'] = type(constraint).__name__ == 'UniqueConstraint'
        if kind in ('AlterUniqueTogether', 'AlterIndexTogether'):
            option = operation.option_name
            facts['addedTogether'] = sorted(set(together(state, app, model_name, option)) - set(together(before, app, model_name, option)))
        operations.append(facts)
    irreversible = next(('Operation %s in %s is not reversible' % (operation, migration)
                         for operation in migration.operations if not operation.reversible), None)
    declared = getattr(migration, 'bluegreen_compatible', None)
    print('BLUEGREEN-MIGRATION-FACTS ' + json.dumps({
        'app': app, 'name': name, 'vendor': connection.vendor,
        'declared': declared if isinstance(declared, bool) else None,
        'irreversible': irreversible,
        'operations': operations,
    }, sort_keys=True))
