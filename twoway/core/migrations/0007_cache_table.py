"""The table of the shared cache (``CACHES`` in the settings): what Django's
``createcachetable`` makes, made by ``migrate`` so that no install forgets it."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    # Makes the tables of every database cache in the settings, skipping those that
    # exist already.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def cache_table_drop(apps, schema_editor):
    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("DatabaseCache"):
            schema_editor.execute(
                f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}"
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_remembered_figures")]
    operations = [migrations.RunPython(cache_table_create, cache_table_drop)]
