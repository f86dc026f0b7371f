"""HS suggestion: five candidates for a goods description, the organization's own first.

``service.suggest_hs`` is the entry point; ``lexical`` ranks over the product's one tariff
index; ``memory`` reads the organization's confirmed lines; ``question`` says which
property decides between the two best.
"""
