"""Notifications of the tracking app: who follows a shipment, what each person wants to
hear about, the in-app list and the e-mail."""
