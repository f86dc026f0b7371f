"""The certificate of origin's sub-domain: origin rules (``rules``), the per-line origin
data and its checks (``services``), and the origin page (``views``)."""
