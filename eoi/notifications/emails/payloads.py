"""One frozen payload per email: the facts it tells, read once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Payloads: what each email tells
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftResumeLink:
    url: str
    expires: datetime.datetime


@dataclass(frozen=True)
class OfferAcknowledgement:
    """The standard reply (seed 000), tailored to the offer."""

    reference: str
    contact_name: str
    status_url: str
    offers_accommodation: bool
    offers_care_and_support: bool
    # Care and support offered by a provider not on the framework: the
    # procurement portals and the MyChoice directory are their way in.
    signpost_tenders_and_mychoice: bool
    shared_house: bool
    # "Friday 15 January 2027": by when the team will contact them (eoi.triage.timescales).
    contact_by: str = ""
    your_offers_url: str = ""


@dataclass(frozen=True)
class OfferTeamSummary:
    reference: str
    organisation_name: str
    offer_type: str
    scheme: str
    units: int | None
    recommendation: str
    priority: int | None
    queue_url: str


@dataclass(frozen=True)
class StatusChangeNotice:
    reference: str
    contact_name: str
    status: str
    words: str
    status_url: str
    answered: bool = False
    reason: str = ""
    explanation: str = ""
    screening_reasons: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    # "Tuesday 5 January 2027 at 10:30, Room 2, City Hall" (meeting_words).
    meeting: str = ""


@dataclass(frozen=True)
class ProviderSignInLink:
    url: str
    expires: datetime.datetime


@dataclass(frozen=True)
class OfferWithdrawnNotice:
    reference: str
    organisation_name: str
    reason: str
    queue_url: str


@dataclass(frozen=True)
class ProviderMessageNotice:
    reference: str
    organisation_name: str
    text: str
    queue_url: str


@dataclass(frozen=True)
class InformationRequestNotice:
    reference: str
    contact_name: str
    question: str
    status_url: str


@dataclass(frozen=True)
class InformationReminder:
    reference: str
    contact_name: str
    question: str
    asked_on: str
    status_url: str


@dataclass(frozen=True)
class DigestLine:
    reference: str
    organisation_name: str
    status: str
    due_on: str
    url: str


@dataclass(frozen=True)
class MilestoneReminderNotice:
    reference: str
    contact_name: str
    scheme_name: str
    # One line a milestone still open: "Start on site: forecast 5 March 2026".
    lines: tuple[str, ...]
    your_offers_url: str


@dataclass(frozen=True)
class MilestoneLine:
    reference: str
    organisation_name: str
    words: str
    url: str


@dataclass(frozen=True)
class CommissionerDigestNotice:
    name: str
    day: str
    overdue: tuple[DigestLine, ...]
    due_today: tuple[DigestLine, ...]
    queue_url: str
    # Accepted offers' milestones: changed since the last digest, and slipped.
    milestones_changed: tuple[MilestoneLine, ...] = ()
    slipped: tuple[MilestoneLine, ...] = ()
    slipped_url: str = ""
    slip_months: int = 3
