"""The provider's offer journey on the web.

Start, task list, one page per step, check answers and send, confirmation,
status; and saving a draft to come back to from an emailed link. The steps,
their order and when they apply are in ``eoi.offers.journey``; validation is in
``eoi.offers.forms``; submission is ``eoi.offers.services.offer_submit``. Answers are only
read from and written to the draft in the visitor's session
(``eoi.offers.session``).

The public views are rate limited per client address, and "Start now" and
"Accept and send" carry a honeypot field (``leicester_sl.security.abuse``).

Modules: ``journey``, ``status`` and ``resume`` (under /offer/),
``check`` (check before you offer) and ``your_offers``.
"""
