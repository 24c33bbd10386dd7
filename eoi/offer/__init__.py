"""The offer: one offer as one JSON document (docs/offer-format.md), each of
its fields declared once.

- ``choices``: the offer's enumerations (and the strategy's, re-exported);
- ``questions``: how a question is declared (:class:`Question`), the parts
  of the offer (steps of the web form, sections of the PDF) and when each
  applies;
- ``about`` (organisation, contact, scheme) and ``costs`` (finance,
  support): the sections of the document as frozen dataclasses, each field
  declared as a question;
- ``document``: :class:`OfferDocument` and the registry ``QUESTIONS``;
- ``parse``: JSON to :class:`OfferDocument` and back;
- ``wording``: an answer worded for check answers and the PDF.

Plain Python: nothing here imports Django.
"""
