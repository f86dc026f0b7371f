"""The tracking app's pages, one module per concern."""
