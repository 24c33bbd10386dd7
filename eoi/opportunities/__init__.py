"""Opportunities as staff publish them and providers read and answer them:
``services`` (publish, close), ``selectors`` (what the public sees, in which
order), ``forms`` and ``admin`` (the staff pages), ``views`` and ``urls``
(the public list and a page per opportunity)."""
