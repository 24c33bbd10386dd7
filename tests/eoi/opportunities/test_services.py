"""Publishing and closing an opportunity: who may, and what is recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eoi.models import Opportunity
from eoi.opportunities.services import opportunity_close, opportunity_publish
from eoi.roles import ADMINISTRATORS, PLACEMENT_TEAM
from tests.eoi.factories import staff

from .helpers import commissioner, draft_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The strategy's data (loaded once a run: tests/conftest.py)."""


def test_publishing_records_who_and_when_on_the_opportunity_and_in_its_history():
    cora = commissioner()
    opportunity = draft_opportunity()
    before = timezone.now()

    opportunity_publish(opportunity=opportunity, actor=cora)

    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.published_by == cora
    assert before <= opportunity.published_at <= timezone.now()
    latest = opportunity.history.latest()
    assert latest.status == "published"
    assert latest.history_user == cora


def test_closing_records_who_and_when_and_keeps_it_public():
    opportunity = draft_opportunity()
    opportunity_publish(opportunity=opportunity, actor=commissioner())
    admin = staff("ada", ADMINISTRATORS)

    opportunity_close(opportunity=opportunity, actor=admin)

    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED
    assert opportunity.closed_by == admin
    assert opportunity.closed_at is not None
    assert opportunity.is_public is True
    # (Setting its demand lines added history rows of its own, as a draft.)
    statuses = [h.status for h in opportunity.history.order_by("history_date", "history_id")]
    assert list(dict.fromkeys(statuses)) == ["draft", "published", "closed"]
    assert opportunity.history.latest().history_user == admin


@pytest.mark.parametrize("role", [PLACEMENT_TEAM, None])
def test_only_staff_with_the_permission_may_publish(role):
    user = staff("pat", role) if role else staff("nobody", PLACEMENT_TEAM)
    if role is None:
        user.groups.clear()
    opportunity = draft_opportunity()

    with pytest.raises(PermissionDenied):
        opportunity_publish(opportunity=opportunity, actor=user)

    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.DRAFT
    assert opportunity.published_by is None


def test_a_placement_user_may_not_close_either():
    opportunity = draft_opportunity()
    opportunity_publish(opportunity=opportunity, actor=commissioner())

    with pytest.raises(PermissionDenied):
        opportunity_close(opportunity=opportunity, actor=staff("pat", PLACEMENT_TEAM))

    assert Opportunity.objects.get(pk=opportunity.pk).status == Opportunity.Status.PUBLISHED


def test_a_draft_cannot_be_closed_nor_a_closed_one_published_again():
    cora = commissioner()
    draft = draft_opportunity()
    with pytest.raises(ValidationError):
        opportunity_close(opportunity=draft, actor=cora)

    opportunity_publish(opportunity=draft, actor=cora)
    opportunity_close(opportunity=draft, actor=cora)
    with pytest.raises(ValidationError):
        opportunity_publish(opportunity=draft, actor=cora)
    assert Opportunity.objects.get(pk=draft.pk).status == Opportunity.Status.CLOSED


def test_an_opportunity_without_demand_lines_or_a_place_is_not_published():
    opportunity = draft_opportunity(lines=[], anywhere_in_city=False)

    with pytest.raises(ValidationError) as refused:
        opportunity_publish(opportunity=opportunity, actor=commissioner())

    assert len(refused.value.messages) == 2
    assert Opportunity.objects.get(pk=opportunity.pk).status == Opportunity.Status.DRAFT


def test_a_formal_tender_needs_its_portal_link_and_reference():
    today = datetime.date(2026, 12, 7)
    opportunity = Opportunity(
        title="Tender",
        slug="tender",
        summary="s",
        description="d",
        route=Opportunity.Route.FORMAL_TENDER,
        opens_on=today,
        questions_close_on=today + datetime.timedelta(days=40),
        responses_close_on=today + datetime.timedelta(days=30),
    )

    with pytest.raises(ValidationError) as invalid:
        opportunity.full_clean()

    assert set(invalid.value.message_dict) == {
        "portal_name",
        "portal_url",
        "portal_reference",
        "questions_close_on",
    }


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (datetime.date(2026, 12, 31), "forthcoming"),
        (datetime.date(2027, 1, 1), "open"),
        (datetime.date(2027, 1, 31), "open"),
        (datetime.date(2027, 2, 1), "closed"),
    ],
)
def test_a_published_opportunity_is_forthcoming_open_then_closed(today, stage):
    opportunity = Opportunity(
        status=Opportunity.Status.PUBLISHED,
        opens_on=datetime.date(2027, 1, 1),
        responses_close_on=datetime.date(2027, 1, 31),
    )

    assert opportunity.stage_on(today) == stage
