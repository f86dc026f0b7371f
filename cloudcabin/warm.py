"""What a web worker loads before it takes requests (gunicorn's ``post_worker_init``).

A worker keeps some things for its whole life: the URLconf, the compiled templates, both
languages' catalogues, the tariff index, and its copies of the code tables, the goods rules
and the route network (``reference.codes``, ``compliance.goods.selectors``,
``network.selectors``). Loaded here, no request waits for them; and once they are loaded
``gc.freeze()`` takes their objects out of the garbage collector's full collections. Loaded
later by requests, they stayed in them: a full collection walked them again every ~10
shipment pages, at ~90 ms each (~8 ms of every page on average, ``bench/request_cpu.py``).

A table changed later is read again by the first request that sees the change; its new
copy is collected as usual until the worker is replaced (``max_requests``).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger("cloudcabin")


def warm_worker() -> None:
    """Load what the process keeps, then freeze it (the garbage collector skips it)."""
    get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Shipment")  # loads the language's catalogue
    for step in [_compile_templates, *_table_copies()]:
        try:
            step()
        except Exception:  # an optimisation only: the worker must still start
            log.warning("%s not loaded at start", step.__qualname__, exc_info=True)
    gc.collect()
    gc.freeze()


def _compile_templates() -> None:
    """Every template of the project, compiled into the cached loader (production)."""
    engine = engines["django"]
    root = Path(__file__).resolve().parent
    for folder in root.glob("**/templates"):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
                engine.get_template(path.relative_to(folder).as_posix())


def _table_copies() -> list[Callable[[], object]]:
    # Imported here: the apps are ready only once Django is set up.
    from cloudcabin.compliance.goods.selectors import all_rules
    from cloudcabin.compliance.hs.service import warm_up
    from cloudcabin.documents.declaration.lookups import customs_names
    from cloudcabin.network.selectors import current_network
    from cloudcabin.reference.codes import rows

    return [warm_up, rows, customs_names, all_rules, current_network]
