"""Many new rows of one model inserted in one ``executemany``; many rows deleted in one
statement.

``QuerySet.bulk_create`` compiles every value of every row through the ORM (about 4 µs a
value: a second for a 10,000-line import of 27 columns), and on SQLite it sends batches of
37 rows. Here the values go to the driver as they are, one statement for all rows: Django
passes ``str``, ``int``, ``Decimal`` and ``None`` unchanged to every backend for these
field types. Any other field type still goes through its ``get_db_prep_save``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

# Field types whose database value is the attribute's own value, when that value already
# has the field's Python type (the base backend's ``adapt_decimalfield_value`` returns the
# Decimal as it is; SQLite's adapter and psycopg's take it from there).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.BooleanField,
)
_PREPARING = ("get_db_prep_save", "get_db_prep_value", "get_prep_value", "pre_save")


def insert(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """INSERT ``rows`` (unsaved, without primary keys, each value of its field's Python
    type) in one ``executemany``.

    Unlike ``bulk_create``, the rows' primary keys are not set afterwards: use it where
    the inserted objects are not used again.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    getters = [
        operator.attrgetter(field.attname) if _plain(field) else _prepared(field, connection)
        for field in fields
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if len(getters) > 1 and all(isinstance(get, operator.attrgetter) for get in getters):
        # One C call a row for every value at once (a tuple), not one call per value.
        values: list[Any] = list(map(operator.attrgetter(*(f.attname for f in fields)), rows))
    else:
        values = [[get(row) for get in getters] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def delete(queryset: models.QuerySet[Any]) -> int:
    """DELETE the queryset's rows in one statement, without the ORM's collector.

    ``QuerySet.delete`` loads every row of a model that others reference (to find and
    delete what references it: 10,000 goods lines, 0.2-0.3 s). Use it where those
    references were deleted first and no signal listens: a reference left over fails
    the foreign key, it is never skipped.
    """
    return queryset._raw_delete(queryset.db)


def _prepared(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[models.Model], Any]:
    def value(row: models.Model) -> Any:
        return field.get_db_prep_save(field.pre_save(row, add=True), connection)

    return value


def _plain(field: models.Field[Any, Any]) -> bool:
    """A plain field type, or a subclass that prepares values as it does; a foreign key
    to an integer key (its value is that key)."""
    if isinstance(field, models.ForeignKey):
        return isinstance(field.target_field, models.IntegerField)
    base = next((kind for kind in _PLAIN if isinstance(field, kind)), None)
    return base is not None and all(
        getattr(type(field), name) is getattr(base, name) for name in _PREPARING
    )
