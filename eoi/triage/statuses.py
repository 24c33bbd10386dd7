"""The triage statuses, their groups and their wording, as data.

The transitions themselves are declared on ``Offer`` with django-fsm-2 (each
one permission-checked); ``eoi.triage.services.offer_transition`` is the one entry point
that runs a transition, records it and tells the provider.
"""

from django.db import models


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    IN_TRIAGE = "in_triage", "In triage"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    MEETING_ARRANGED = "meeting_arranged", "Meeting arranged"
    ACCEPTED = "accepted", "Accepted into pipeline"
    NOT_PROGRESSED = "not_progressed", "Not progressed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN = (
    Status.SUBMITTED,
    Status.IN_TRIAGE,
    Status.INFORMATION_REQUESTED,
    Status.MEETING_ARRANGED,
)
TERMINAL = (Status.ACCEPTED, Status.NOT_PROGRESSED, Status.WITHDRAWN)

# Actions a commissioner may take straight from a new offer. Triage starts
# implicitly: the history records "In triage" first, then the action, so it
# stays true that every action was taken on an offer in triage.
STARTS_TRIAGE = ("request_information", "arrange_meeting", "accept")

# What the provider reads on their status page, for each state.
PROVIDER_WORDS = {
    Status.SUBMITTED: "Sent: waiting for the commissioning team to read it",
    Status.IN_TRIAGE: "Being considered by the commissioning team",
    Status.INFORMATION_REQUESTED: "We need more information from you",
    Status.MEETING_ARRANGED: "Meeting arranged",
    Status.ACCEPTED: "Accepted into the development pipeline",
    Status.NOT_PROGRESSED: "Not progressed",
    Status.WITHDRAWN: "Withdrawn",
}


def is_terminal(status: str) -> bool:
    return status in TERMINAL


class NotProgressedReason(models.TextChoices):
    NO_DEMAND = "no_demand", "No identified demand for this client group or type"
    SHARED_HOUSING = "shared_housing", "Shared housing: little to no demand"
    RENT = "rent", "Rent would not be met by housing benefit"
    AFFORDABILITY = "affordability", "Charges not affordable for tenants"
    OUTSIDE_CITY = "outside_city", "Outside Leicester city"
    FRAMEWORK = "framework", "Care and support must come through the framework"
    SUPPORT_COST = "support_cost", "Support costs too high or tied to the tenancy"
    DELIVERABILITY = "deliverability", "Not deliverable in the strategy's timescales"
    OTHER = "other", "Other"
