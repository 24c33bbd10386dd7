"""Offers, as a provider makes them: the offer document and its questions
(``document``), the web journey (``journey``, ``session``, ``forms``,
``views``, ``urls``), uploads, check before you offer (``check``), sending
(``services.offer_submit``), and afterwards "Your offers" (``provider_access``,
``changes``, ``urls_your_offers``) with signed links (``links``) and the
offer's PDF summary (``summary``).

Uses ``eoi.screening`` to screen, ``eoi.triage`` to route a new offer and
``eoi.notifications`` to tell people; nothing here is imported by them but
the document and the services they call.
"""
