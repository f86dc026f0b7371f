"""Goods restricted on the route: the rule table's seed loader, the check, its hooks,
page and API."""
