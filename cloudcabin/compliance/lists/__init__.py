"""Sanctions list files → the normalised model (``compliance.models.lists``).

One parser per publisher's format (``ofac``, ``csl``, ``un``, ``eu``, ``uk``), each giving
a ``ParsedList``; ``services.load_list`` writes it as the new current version.
"""
