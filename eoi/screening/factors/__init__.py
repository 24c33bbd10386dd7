"""One module per screening factor: each has ``KEY``, ``LABEL`` and
``evaluate(offer, context) -> FactorResult``. Their order is set in
:data:`eoi.screening.registry.SCREENING_FACTORS`."""
