"""The triage workflow: transitions, permissions, routing, decisions, records."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from eoi.triage import services as triage
from eoi.models import OutboxEmail, RoutingRule, StatusChange
from eoi.progress.position import position_for
from eoi.roles import ADMINISTRATORS, COMMISSIONERS, PLACEMENT_TEAM
from eoi.offers.services import offer_rescreen
from eoi.triage.statuses import Status
from strategy import selectors as strategy_selectors
from strategy.models import DemandLine, PipelineScheme
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

S = Status
# Every (from, transition) the workflow allows, and where it leads.
ALLOWED = {
    (S.SUBMITTED, "start_triage"): S.IN_TRIAGE,
    # Triage starts implicitly (a change of its own in the history, below).
    (S.SUBMITTED, "request_information"): S.INFORMATION_REQUESTED,
    (S.SUBMITTED, "arrange_meeting"): S.MEETING_ARRANGED,
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.SUBMITTED, "not_progress"): S.NOT_PROGRESSED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.IN_TRIAGE, "request_information"): S.INFORMATION_REQUESTED,
    (S.IN_TRIAGE, "arrange_meeting"): S.MEETING_ARRANGED,
    (S.IN_TRIAGE, "accept"): S.ACCEPTED,
    (S.IN_TRIAGE, "not_progress"): S.NOT_PROGRESSED,
    (S.IN_TRIAGE, "withdraw"): S.WITHDRAWN,
    (S.INFORMATION_REQUESTED, "receive_answer"): S.IN_TRIAGE,
    (S.INFORMATION_REQUESTED, "arrange_meeting"): S.MEETING_ARRANGED,
    (S.INFORMATION_REQUESTED, "not_progress"): S.NOT_PROGRESSED,
    (S.INFORMATION_REQUESTED, "withdraw"): S.WITHDRAWN,
    (S.MEETING_ARRANGED, "request_information"): S.INFORMATION_REQUESTED,
    (S.MEETING_ARRANGED, "accept"): S.ACCEPTED,
    (S.MEETING_ARRANGED, "not_progress"): S.NOT_PROGRESSED,
    (S.MEETING_ARRANGED, "withdraw"): S.WITHDRAWN,
}
NAMES = [
    "start_triage",
    "request_information",
    "receive_answer",
    "arrange_meeting",
    "accept",
    "not_progress",
    "withdraw",
]


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def commissioner():
    return staff("chris", COMMISSIONERS)


def offer_in(status):
    offer = submitted_offer()
    type(offer).objects.filter(pk=offer.pk).update(status=status)
    offer.refresh_from_db()
    return offer


@pytest.mark.parametrize("from_status", list(Status), ids=str)
@pytest.mark.parametrize("name", NAMES)
def test_every_transition_is_allowed_or_refused_as_the_workflow_says(
    from_status, name, commissioner
):
    offer = offer_in(from_status)
    actor = None if name == "receive_answer" else commissioner
    target = ALLOWED.get((from_status, name))

    if target is None:
        with pytest.raises(triage.TransitionRefused):
            triage.offer_transition(offer=offer, name=name, actor=actor)
        offer.refresh_from_db()
        assert offer.status == from_status
        return

    change = triage.offer_transition(offer=offer, name=name, actor=actor, reason="why")
    offer.refresh_from_db()
    assert offer.status == target
    implicit = (
        from_status == S.SUBMITTED
        and name != "start_triage"
        and target
        not in (
            S.NOT_PROGRESSED,
            S.WITHDRAWN,
        )
    )
    expected_from = S.IN_TRIAGE if implicit else from_status
    assert (change.from_status, change.to_status, change.reason) == (expected_from, target, "why")
    assert change.actor == actor


@pytest.mark.parametrize(
    "role, allowed", [(COMMISSIONERS, True), (ADMINISTRATORS, True), (PLACEMENT_TEAM, False)]
)
def test_only_triage_roles_may_move_an_offer(role, allowed):
    user = staff("someone", role)
    offer = submitted_offer()

    if allowed:
        triage.offer_transition(offer=offer, name="start_triage", actor=user)
        offer.refresh_from_db()
        assert offer.status == S.IN_TRIAGE
    else:
        with pytest.raises(PermissionDenied):
            triage.offer_transition(offer=offer, name="start_triage", actor=user)
        offer.refresh_from_db()
        assert offer.status == S.SUBMITTED


def test_the_provider_can_only_answer():
    offer = submitted_offer()

    with pytest.raises(PermissionDenied):
        triage.offer_transition(offer=offer, name="start_triage", actor=None)


def test_submission_is_the_first_entry_of_the_history():
    offer = submitted_offer()

    first = offer.status_changes.get()
    assert (first.from_status, first.to_status, first.actor_label) == (
        "",
        S.SUBMITTED,
        "The provider",
    )
    assert offer.status_changed_at == offer.submitted_at


def test_information_request_and_answer_return_the_offer_to_triage(commissioner):
    offer = offer_in(S.IN_TRIAGE)

    triage.information_request(offer=offer, question="What is the site area?", actor=commissioner)
    offer.refresh_from_db()
    assert offer.status == S.INFORMATION_REQUESTED
    assert triage.information_request_open(offer=offer).question == "What is the site area?"

    triage.information_answer(offer=offer, answer="0.7 hectares")
    offer.refresh_from_db()
    assert offer.status == S.IN_TRIAGE
    request = offer.information_requests.get()
    assert request.answer == "0.7 hectares" and request.answered_at
    assert offer.status_changes.last().actor_label == "The provider"


def test_an_empty_question_or_answer_is_refused(commissioner):
    offer = offer_in(S.IN_TRIAGE)
    with pytest.raises(ValidationError):
        triage.information_request(offer=offer, question="  ", actor=commissioner)
    triage.information_request(offer=offer, question="When?", actor=commissioner)
    with pytest.raises(ValidationError):
        triage.information_answer(offer=offer, answer="")


def test_not_progressed_needs_a_reason_from_the_list(commissioner):
    offer = offer_in(S.IN_TRIAGE)
    with pytest.raises(ValidationError):
        triage.offer_not_progress(offer=offer, actor=commissioner, reason_code="bored", reason="x")

    triage.offer_not_progress(
        offer=offer, actor=commissioner, reason_code="shared_housing", reason="No demand."
    )
    change = offer.status_changes.last()
    assert (change.to_status, change.reason_code) == (S.NOT_PROGRESSED, "shared_housing")


def test_routing_by_client_group_then_configuration_then_default_team(commissioner):
    mental_health = staff("morgan", COMMISSIONERS)
    older = Group.objects.create(name="Older people team")
    RoutingRule.objects.create(order=1, client_group="mental_health", assign_to=mental_health)
    RoutingRule.objects.create(order=2, configuration="extra_care", assign_team=older)

    assert submitted_offer().assigned_to == mental_health
    extra_care = submitted_offer(client_groups=["older_people"], configuration="extra_care")
    assert extra_care.assigned_team == older and extra_care.assigned_to is None
    unrouted = submitted_offer(client_groups=["physical_sensory"])
    assert unrouted.assigned_team.name == "Commissioners"
    RoutingRule.objects.all().update(is_active=False)
    assert submitted_offer().assigned_team.name == "Commissioners"


def test_accepting_an_offer_reduces_unmet_demand_and_later_screenings(commissioner):
    offer = offer_in(S.IN_TRIAGE)
    version = strategy_selectors.forecast_version_current()
    step_down = DemandLine.objects.get(
        group__version=version, cohort__startswith="Mental health inpatient"
    )
    before = position_for(version=version).unmet_total
    schemes = PipelineScheme.objects.count()

    triage.offer_accept(offer=offer, actor=commissioner, allocations=[(step_down, 12)])

    offer.refresh_from_db()
    assert offer.status == S.ACCEPTED
    acceptance = offer.acceptances.get()
    assert (acceptance.demand_line, acceptance.units) == (step_down, 12)
    # An accepted offer, never one of the strategy's own schemes.
    assert PipelineScheme.objects.count() == schemes
    position = position_for(version=version)
    assert (position.accepted_offers, position.firm_pipeline) == (12, 22)
    assert position.unmet_total == before - 12
    assert position.line(step_down.pk).unmet == 27 - 12

    # A later offer for the same cohort sees only the 15 units left on that line.
    later = submitted_offer(units=20)
    matched = {
        m["cohort"]: m["unmet_units"] for m in later.screenings.get().result["matched_demand"]
    }
    assert matched[step_down.cohort] == 15
    # Re-screening the first offer sees the change too.
    screening = offer_rescreen(offer=offer, actor=commissioner)
    matched = {m["cohort"]: m["unmet_units"] for m in screening.result["matched_demand"]}
    assert matched[step_down.cohort] == 15


def test_acceptance_needs_units_within_the_offer(commissioner):
    offer = offer_in(S.IN_TRIAGE)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    with pytest.raises(ValidationError):
        triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 0)])
    with pytest.raises(ValidationError):
        triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 13)])
    offer.refresh_from_db()
    assert offer.status == S.IN_TRIAGE
    assert not PipelineScheme.objects.filter(name__contains=offer.reference).exists()


def test_reassignment_and_notes_are_recorded_with_the_acting_user(commissioner):
    offer = submitted_offer()
    other = staff("morgan", COMMISSIONERS)

    triage.offer_assign(offer=offer, actor=commissioner, to_user=other)
    note = triage.offer_note_add(offer=offer, author=commissioner, text="Called the provider.")

    assert offer.history.latest().history_user == commissioner
    assert offer.history.latest().assigned_to_id == other.pk
    assert note.author == commissioner and note.at


def test_transitions_are_in_the_history_with_who_and_when(commissioner):
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)

    history = list(StatusChange.objects.filter(offer=offer).values_list("to_status", "actor"))
    assert history == [(S.SUBMITTED, None), (S.IN_TRIAGE, commissioner.pk)]
    assert offer.history.latest().history_user == commissioner


@pytest.mark.parametrize(
    "name, target",
    [
        ("request_information", S.INFORMATION_REQUESTED),
        ("arrange_meeting", S.MEETING_ARRANGED),
        ("accept", S.ACCEPTED),
    ],
)
def test_acting_on_a_new_offer_records_the_start_of_triage_first(name, target, commissioner):
    offer = submitted_offer()

    triage.offer_transition(offer=offer, name=name, actor=commissioner, reason="why")

    history = list(
        offer.status_changes.order_by("pk").values_list(
            "from_status", "to_status", "actor", "reason"
        )
    )
    assert history[0][:2] == ("", S.SUBMITTED)
    assert history[1][:3] == (S.SUBMITTED, S.IN_TRIAGE, commissioner.pk)
    assert triage.TRANSITIONS[name] in history[1][3]
    assert history[2] == (S.IN_TRIAGE, target, commissioner.pk, "why")
    assert len(history) == 3


def test_acting_on_a_new_offer_emails_the_provider_once(commissioner):
    offer = submitted_offer()
    before = set(offer.outbox_emails.values_list("pk", flat=True))

    triage.information_request(offer=offer, question="What is the site area?", actor=commissioner)

    new = offer.outbox_emails.exclude(pk__in=before)
    assert list(new.values_list("kind", flat=True)) == [OutboxEmail.Kind.INFORMATION_REQUEST]


def test_a_role_without_triage_cannot_act_on_a_new_offer():
    offer = submitted_offer()
    placement = staff("pat", PLACEMENT_TEAM)

    with pytest.raises(PermissionDenied):
        triage.offer_transition(offer=offer, name="arrange_meeting", actor=placement)

    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED
    assert offer.status_changes.count() == 1


def test_a_new_offer_offers_every_decision_with_the_positive_one_first(commissioner):
    offer = submitted_offer()

    names = [
        name for name, _label in triage.offer_transitions_available(offer=offer, user=commissioner)
    ]

    assert names == [
        "accept",
        "request_information",
        "arrange_meeting",
        "start_triage",
        "withdraw",
        "not_progress",
    ]
    assert triage.offer_transitions_available(offer=offer, user=staff("pat", PLACEMENT_TEAM)) == []
