"""Offers against the strategy: the demand balance with accepted offers
(``position``; each accepted offer's homes counted once, at the stage its
confirmed milestones reached: ``stages``), the staff dashboard's progress
report, its CSV and PDF (with the ``trajectory`` by financial year and the
``delivery`` against the strategy), and the public pages that show what the
city still needs.

The strategy app knows nothing of offers; this package reads both.
"""
