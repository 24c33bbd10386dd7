"""Triage, as commissioners do it: routing a new offer, statuses and their
transitions (``statuses``, ``services``), a commissioner's own assessment
(``assessment``), possible duplicate sites (``duplicates``), corrections of
an answer (``corrections``), working-day timescales and the morning chasers
(``timescales``, ``chasers``), an accepted scheme's milestones and their
slippage (``milestones`` writes, ``milestone_selectors`` reads), and the
staff pages in Django's admin (``admin``, ``forms``).
"""
