"""Offers from providers, their screenings, attachments and drafts.

An offer holds every field of the offer document (``eoi.offers.document``) as a
column named ``<section>_<field>``, so the queue can filter and sort on any of
them and the retention job can blank personal data field by field. Each
column's label and limits are its question's (``eoi.models.columns``).
``eoi.offers.services.offer_document_from_model`` and ``offer_fields_from_document``
map between the two, driven by the document's dataclasses.

Modules: ``offer`` (the offer, its screenings, the reference counter),
``drafts`` (drafts and attachments), ``triage`` (status changes, notes,
requests for information, routing rules, acceptances), ``outbox`` and
``provider`` (providers' sign-in links and messages) and ``judgement``
(commissioners' assessments and possible duplicate sites), ``timescales``
(working-day targets, meetings, digests), ``corrections`` (staff
corrections of a provider's answers), ``milestones`` (an accepted
scheme's milestones and tranches, and delivery records linked to it),
``opportunities`` (opportunities staff publish, their documents, and
questions about them), ``alerts`` (subscriptions to alerts, and what
they were sent).
"""

from .corrections import AnswerCorrection
from .drafts import Attachment, OfferDraft, attachment_path
from .judgement import Assessment, SiteMatch
from .milestones import DeliveryLink, Milestone, MilestoneReminder, MilestoneTranche
from .alerts import AlertSent, AlertSubscription
from .opportunities import Opportunity, OpportunityDocument, OpportunityQuestion
from .offer import TRIAGE, Offer, OfferChanged, Recommendation, ReferenceCounter, Screening
from .outbox import OutboxEmail, OutboxEvent
from .provider import ProviderMessage, ProviderSignIn
from .timescales import CommissionerDigest, Meeting, StatusTarget
from .triage import (
    Acceptance,
    InformationRequest,
    OfferNote,
    RoutingRule,
    StatusChange,
)

__all__ = [
    "TRIAGE",
    "Acceptance",
    "AlertSent",
    "AlertSubscription",
    "AnswerCorrection",
    "Assessment",
    "Attachment",
    "CommissionerDigest",
    "DeliveryLink",
    "InformationRequest",
    "Meeting",
    "Milestone",
    "MilestoneReminder",
    "MilestoneTranche",
    "Offer",
    "OfferChanged",
    "OfferDraft",
    "OfferNote",
    "Opportunity",
    "OpportunityDocument",
    "OpportunityQuestion",
    "OutboxEmail",
    "OutboxEvent",
    "ProviderMessage",
    "ProviderSignIn",
    "Recommendation",
    "ReferenceCounter",
    "RoutingRule",
    "Screening",
    "SiteMatch",
    "StatusChange",
    "StatusTarget",
    "attachment_path",
]
