"""Denied-party screening of address-book parties and the agents' review queue.

- ``services``: screen a party (idempotent), screen them all after a list loads, decide a hit;
- ``selectors``: the current list versions, the queue, a shipment's screening by role;
- ``holds``: the hold source the booking and issue paths ask (``shipments.holds``);
- ``receivers``: screening on a party's or a shipment's save, and after a list version loads;
- ``tasks``: the background re-screening; ``views``, ``api``: the pages and endpoints.
"""
