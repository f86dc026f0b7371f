"""The shipment pages: list and shipment page, line editor and containers, address book,
spreadsheet import and export. Thin: forms shape input, services write, selectors read."""
