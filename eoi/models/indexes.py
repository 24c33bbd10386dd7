"""Indexes the embedded default (SQLite) can hold too."""

from django.db import models
from django.db.models.expressions import OrderBy


class NullsOrderIndex(models.Index):
    """An index on sort expressions that say where NULLs go (``nulls_last``),
    as the queryset's ORDER BY does, so PostgreSQL can read rows from it in
    that order. SQLite cannot put NULLS FIRST/LAST in an index: there the
    index is made without them (SQLite sorts NULLs first ascending and last
    descending), on the same columns. The model state and migrations are the
    same on both; only the SQL differs."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite" and self.expressions:
            index = models.Index(
                *(
                    OrderBy(expression.expression, descending=expression.descending)
                    if isinstance(expression, OrderBy)
                    else expression
                    for expression in self.expressions
                ),
                name=self.name,
                db_tablespace=self.db_tablespace,
                opclasses=self.opclasses,
                condition=self.condition,
                include=self.include,
            )
            return index.create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
