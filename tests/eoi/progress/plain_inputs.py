"""Plain-data inputs shared by the progress and market tests."""

import datetime

from eoi.progress import tally as progress
from eoi.progress.rows import OfferIn

D = datetime.date
AS_OF = D(2026, 11, 23)


def offer(
    reference="EOI-1",
    name="Example HA",
    kind="Registered provider",
    group=progress.OPEN,
    on=AS_OF,
    **more,
):
    return OfferIn(
        reference=reference,
        organisation_name=name,
        organisation_type=kind,
        status_group=group,
        submitted_on=on,
        **more,
    )
