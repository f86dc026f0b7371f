"""The EU ICS2 entry summary declaration for rail (IE3F51), kind ``ics2_ens``.

``consignment`` derives what the ENS states (carrier, journey, goods items, house
consignments), ``message`` writes the XML, ``findings`` says what would stop filing and
``codes`` reads the EU code lists we hold (``reference/data/eu/``).
"""
