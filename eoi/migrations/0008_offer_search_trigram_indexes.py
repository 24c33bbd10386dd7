"""Trigram indexes for the queue's search (issue 13), on PostgreSQL only.

The admin searches the offers with ``icontains`` on the columns of
``OfferAdmin.search_fields``, which Django writes on PostgreSQL as
``UPPER("eoi_offer"."reference"::text) LIKE UPPER('%…%')``: a B-tree cannot
serve a pattern with a leading ``%``, so without these each search read every
offer. A GIN index with ``gin_trgm_ops`` on that same expression can (PostgreSQL
uses an index on an expression only when the query has the same expression).

pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner
may create it without being a superuser. On SQLite (development, the tests)
this migration does nothing, and it changes no model state either way, so
``makemigrations`` has nothing to say about it.
"""
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED_COLUMNS = ["reference", "organisation_name", "scheme_postcode"]


class PostgreSQLOnly(migrations.RunSQL):
    """Raw SQL run on PostgreSQL, nothing elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("eoi", "0007_provider_sign_in_and_changes"),
    ]

    operations = [
        TrigramExtension(),
        *(
            PostgreSQLOnly(
                sql=(
                    f"CREATE INDEX IF NOT EXISTS eoi_offer_{column}_trgm ON eoi_offer "
                    f"USING gin (UPPER({column}::text) gin_trgm_ops)"
                ),
                reverse_sql=f"DROP INDEX IF EXISTS eoi_offer_{column}_trgm",
            )
            for column in SEARCHED_COLUMNS
        ),
    ]
