"""Signals of the compliance app.

``list_version_loaded(sender=ListVersion, version=…)`` is sent once the transaction that
made a new list version current has committed: screening's index is dropped and the review
workflow rescreens parties.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal, receiver

from cloudcabin.compliance.models.lists import ListVersion

list_version_loaded = Signal()


@receiver(list_version_loaded, sender=ListVersion, dispatch_uid="compliance-forget-index")
def forget_screening_index(sender: type[ListVersion], version: ListVersion, **kwargs: Any) -> None:
    from cloudcabin.compliance.matching.index import forget_index

    forget_index()
