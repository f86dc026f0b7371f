"""Arrival estimates with honest uncertainty (P10/P50/P90) for containers in transit.

``route`` reads a planned route as milestones and the network's transit ranges between
them, ``model`` combines the remaining segments, ``history`` reads past trips' durations
from recorded events, ``services`` keeps the stored estimates current, ``backtest``
measures the model on recorded history.
"""
