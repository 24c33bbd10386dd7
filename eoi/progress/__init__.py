"""Offers against the strategy: the demand balance with accepted offers
(``position``), the staff dashboard's progress report, its CSV and PDF, and
the public pages that show what the city still needs.

The strategy app knows nothing of offers; this package reads both.
"""
