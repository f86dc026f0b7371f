"""The default cache: Django's database cache, shared by every worker, with an atomic incr.

Django's ``DatabaseCache.incr`` reads the value and writes it back, so two workers
counting the same client at once could both write the same number and lose a hit; it
also moves the entry's expiry to the default timeout. Here the row is locked first
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already
serialise writers) and keeps its expiry, so a rate-limit window counts every request.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cache_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT expires FROM {table} WHERE cache_key = %s{lock}", [cache_key])
            row = cursor.fetchone()
            value = super().incr(key, delta, version)  # ValueError when missing or expired
            cursor.execute(
                f"UPDATE {table} SET expires = %s WHERE cache_key = %s", [row[0], cache_key]
            )
            return value
