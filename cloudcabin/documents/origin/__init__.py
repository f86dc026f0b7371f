"""The certificate of origin's sub-domain: origin rules (``rules``), the per-line origin
data and its checks (``services``), the origin page (``views``) and its API (``api``), and
its error codes (``errors``)."""
