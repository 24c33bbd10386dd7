"""Triage services: routing, transitions, requests for information, decisions.

Every change of an offer's state goes through ``offer_transition``, which
checks the transition is allowed from the current state and that the actor
holds its permission, then records who, when, from, to and why.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from strategy.models import DemandLine

from eoi.notifications import emails
from eoi.triage import timescales
from eoi.triage.milestones import milestones_create
from eoi.models import (
    Acceptance,
    InformationRequest,
    Meeting,
    Offer,
    OfferNote,
    RoutingRule,
    StatusChange,
)
from .statuses import STARTS_TRIAGE, NotProgressedReason, Status
from eoi.offers.validators import no_control_characters

logger = logging.getLogger(__name__)
PROVIDER = "The provider"
# The transitions a provider makes themselves (actor None): answering a
# question on their status page, withdrawing from "Your offers".
PROVIDER_TRANSITIONS = ("receive_answer", "withdraw")
TRANSITIONS = {
    # transition method on Offer: the words on its button, in the order the
    # offer page shows them (the positive action first, "Do not progress" last)
    "accept": "Accept into pipeline",
    "request_information": "Request information",
    "arrange_meeting": "Arrange a meeting",
    "start_triage": "Start triage",
    "withdraw": "Record withdrawal",
    "not_progress": "Do not progress",
}


class TransitionRefused(Exception):
    """The transition does not start from the offer's current state."""


def _as_actor(offer: Offer, actor) -> None:
    # django-simple-history reads the acting user from here outside a request.
    offer._history_user = actor


def offer_route(*, offer: Offer) -> None:
    """Assign a new offer by the first matching active routing rule, else the
    default team (before it is saved: the caller saves it)."""
    groups = set(offer.scheme_client_groups)
    for rule in RoutingRule.objects.filter(is_active=True):
        if rule.client_group and rule.client_group not in groups:
            continue
        if rule.configuration and rule.configuration != offer.scheme_configuration:
            continue
        offer.assigned_to_id, offer.assigned_team_id = rule.assign_to_id, rule.assign_team_id
        return
    team, _created = Group.objects.get_or_create(name=settings.EOI_DEFAULT_TEAM)
    offer.assigned_to, offer.assigned_team = None, team


def offer_submission_record(*, offer: Offer) -> StatusChange:
    """The first entry of an offer's history, its submission (the offer's
    ``status_changed_at`` is its ``submitted_at``)."""
    return StatusChange.objects.create(
        offer=offer,
        from_status="",
        to_status=offer.status,
        actor=None,
        actor_label=PROVIDER if offer.source == Offer.Source.WEB else "Imported by staff",
        at=offer.submitted_at,
    )


def offer_transitions_available(*, offer: Offer, user) -> list[tuple[str, str]]:
    """The (name, button words) ``user`` may run on ``offer``, in display order.

    A new offer also offers the actions that start triage implicitly.
    """
    names = {t.name for t in offer.get_available_user_status_transitions(user)}
    if "start_triage" in names:
        names.update(STARTS_TRIAGE)
    return [(name, label) for name, label in TRANSITIONS.items() if name in names]


def _transition_run(*, offer: Offer, name: str, actor, reason: str, reason_code: str, now):
    method = getattr(offer, name)
    if not can_proceed(method):
        raise TransitionRefused(
            f"{offer.reference} is {offer.get_status_display().lower()}: "
            f"“{TRANSITIONS.get(name, name)}” does not apply."
        )
    if actor is not None and not has_transition_perm(method, actor):
        raise PermissionDenied(f"{actor} may not {name.replace('_', ' ')} offers.")
    if actor is None and name not in PROVIDER_TRANSITIONS:
        raise PermissionDenied("Only staff can make this change.")
    from_status = offer.status
    method()
    offer.status_changed_at = now
    offer.due_on = timescales.status_due_on(offer.status, timezone.localtime(now).date())
    _as_actor(offer, actor)
    # Only what the transition moves: the offer was read under its lock, and
    # no other column is this transition's to write (issue 23).
    offer.save(update_fields=["status", "status_changed_at", "due_on", "updated_at"])
    return StatusChange.objects.create(
        offer=offer,
        from_status=from_status,
        to_status=offer.status,
        actor=actor,
        actor_label=actor.get_full_name() or actor.get_username() if actor else PROVIDER,
        at=now,
        reason=reason,
        reason_code=reason_code,
    )


@transaction.atomic
def offer_transition(
    *, offer: Offer, name: str, actor=None, reason: str = "", reason_code: str = ""
) -> StatusChange:
    """Run one named transition for ``actor`` (a staff user, or None for the provider).

    On a new offer, the actions in ``statuses.STARTS_TRIAGE`` first start
    triage, recorded as its own change (without an email: the provider is
    told once, of where the offer ends up).
    """
    caller_copy, offer = offer, Offer.objects.select_for_update().get(pk=offer.pk)
    now = timezone.now()
    from_status = offer.status
    if offer.status == Status.SUBMITTED and name in STARTS_TRIAGE and actor is not None:
        _transition_run(
            offer=offer,
            name="start_triage",
            actor=actor,
            reason=f"Started implicitly by “{TRANSITIONS[name]}”.",
            reason_code="",
            now=now,
        )
    change = _transition_run(
        offer=offer, name=name, actor=actor, reason=reason, reason_code=reason_code, now=now
    )
    caller_copy.status, caller_copy.status_changed_at = offer.status, now
    caller_copy.due_on, caller_copy.version = offer.due_on, offer.version
    # Tell the provider: in the outbox with the change, sent once it commits.
    emails.status_change_email_queue(change=change)
    logger.info(
        "Offer %s: %s → %s",
        offer.reference,
        from_status,
        offer.status,
        extra={
            "offer_reference": offer.reference,
            "transition": name,
            "actor": actor.get_username() if actor else "provider",
        },
    )
    return change


@transaction.atomic
def information_request(*, offer: Offer, question: str, actor) -> InformationRequest:
    if not question.strip():
        raise ValidationError({"question": "Write the question for the provider."})
    offer_transition(offer=offer, name="request_information", actor=actor, reason=question)
    return InformationRequest.objects.create(
        offer=offer, question=question.strip(), asked_by=actor, asked_at=timezone.now()
    )


def information_request_open(*, offer: Offer) -> InformationRequest | None:
    return offer.information_requests.filter(answered_at__isnull=True).order_by("-asked_at").first()


@transaction.atomic
def meeting_arrange(*, offer: Offer, actor, on, at, place: str, reason: str = "") -> Meeting:
    """Record the meeting, then the transition: the provider's email says
    when and where."""
    if on <= timezone.localdate():
        raise ValidationError({"on": "The meeting’s date must be in the future."})
    place = place.strip()
    if not place or len(place) > Meeting._meta.get_field("place").max_length:
        raise ValidationError({"place": "Enter the place, in 200 characters or fewer."})
    no_control_characters(place, label="The place")
    meeting = Meeting.objects.create(
        offer=offer, on=on, at=at, place=place, arranged_by=actor, arranged_at=timezone.now()
    )
    offer_transition(offer=offer, name="arrange_meeting", actor=actor, reason=reason)
    return meeting


def offers_due_on_recompute(*, status: str | None = None) -> int:
    """Store each open offer's due date again (after a target changes):
    from the day it entered its status, with today's targets."""
    working_days = timescales.targets()
    offers = Offer.objects.filter(status__in=list(timescales.COUNCIL_ACTS))
    if status:
        offers = offers.filter(status=status)
    changed = []
    for offer in offers.only("pk", "status", "status_changed_at", "submitted_at", "due_on"):
        due_on = timescales.status_due_on(
            offer.status, timescales.offer_since(offer), working_days=working_days
        )
        if due_on != offer.due_on:
            offer.due_on = due_on
            changed.append(offer)
    Offer.objects.bulk_update(changed, ["due_on"], batch_size=500)
    return len(changed)


@transaction.atomic
def information_answer(*, offer: Offer, answer: str) -> InformationRequest:
    """The provider's answer, from their status page: the offer returns to triage."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    request = information_request_open(offer=offer)
    if request is None or offer.status != Status.INFORMATION_REQUESTED:
        raise TransitionRefused("There is no open question on this offer.")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer."})
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    offer_transition(offer=offer, name="receive_answer", actor=None, reason=request.answer)
    return request


@transaction.atomic
def offer_not_progress(*, offer: Offer, actor, reason_code: str, reason: str) -> StatusChange:
    if reason_code not in NotProgressedReason.values:
        raise ValidationError({"reason_code": "Choose a reason from the list."})
    return offer_transition(
        offer=offer, name="not_progress", actor=actor, reason=reason, reason_code=reason_code
    )


@transaction.atomic
def offer_accept(
    *, offer: Offer, actor, allocations: list[tuple[DemandLine, int]], reason: str = ""
) -> list[Acceptance]:
    """Accept an offer: its units allocated to demand lines, each an
    ``Acceptance`` that the demand balance counts as an accepted offer (never
    as one of the strategy's own schemes), so what is still needed, the home
    page and later screenings change at once."""
    allocations = [(line, units) for line, units in allocations if units]
    if not allocations:
        raise ValidationError("Allocate the offer's units to at least one demand line.")
    if offer.scheme_units and sum(units for _line, units in allocations) > offer.scheme_units:
        raise ValidationError(
            f"The offer has {offer.scheme_units} units: allocate no more than that."
        )
    now = timezone.now()
    acceptances = [
        Acceptance.objects.create(
            offer=offer, demand_line=line, units=units, accepted_by=actor, accepted_at=now
        )
        for line, units in allocations
    ]
    # Last, so the provider's email (queued by the transition) names the
    # units and demand lines; a refused transition rolls all of it back.
    offer_transition(offer=offer, name="accept", actor=actor, reason=reason)
    # The scheme's life after acceptance: its milestones, forecast from today.
    milestones_create(offer=offer)
    return acceptances


@transaction.atomic
def offer_assign(*, offer: Offer, actor, to_user=None, to_team=None) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer.assigned_to, offer.assigned_team = to_user, to_team
    _as_actor(offer, actor)
    offer.save(update_fields=["assigned_to", "assigned_team", "updated_at"])
    return offer


def offer_note_add(*, offer: Offer, author, text: str) -> OfferNote:
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    return OfferNote.objects.create(offer=offer, author=author, text=text.strip())
