"""Webhooks of the tracking app: endpoints, the outbox, signing and delivery."""
