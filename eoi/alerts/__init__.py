"""Alerts without an account: a provider gives an email address and chooses
what to hear about (client groups, wards, routes, the framework re-opening,
a monthly summary), confirms it by an emailed link, and is emailed when a
matching opportunity is published, a week (5 working days) before it closes,
when an answer about it is published, and monthly when what the city still
needs for their groups moves.

Modules: ``links`` (signed links carrying the subscription's key),
``matching`` (which subscriptions an opportunity matches: plain Python),
``services`` (subscribing, confirming, changing, stopping), ``sending`` (the
alert job, ``alerts_send``), ``emails`` (what each email says, into the
outbox), ``tasks`` (the Celery task), ``forms``, ``views`` and ``urls`` (the
pages under /alerts/).
"""
