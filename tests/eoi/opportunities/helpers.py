"""Opportunities for tests: a draft, or one published by a commissioner."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from eoi.models import Opportunity
from eoi.opportunities.services import opportunity_publish
from eoi.roles import COMMISSIONERS
from strategy.models import DemandLine, Ward
from strategy.selectors import forecast_version_current
from tests.eoi.factories import staff


def extra_care_line() -> DemandLine:
    """The current forecast's extra care line (the 155 homes re-opened in 2025)."""
    version = forecast_version_current()
    return DemandLine.objects.filter(group__version=version, best_fit="Extra care").first()


def draft_opportunity(*, lines=None, wards=None, **changes) -> Opportunity:
    today = timezone.localdate()
    values = {
        "title": "Extra care for older people",
        "slug": "extra-care-older-people",
        "summary": "Up to 155 extra care homes for older people.",
        "description": "The council is looking for extra care schemes.\n\nTell us what you can offer.",
        "units": 155,
        "anywhere_in_city": wards is None,
        "route": Opportunity.Route.EXPRESSIONS_OF_INTEREST,
        "opens_on": today - datetime.timedelta(days=1),
        "questions_close_on": today + datetime.timedelta(days=20),
        "responses_close_on": today + datetime.timedelta(days=30),
        **changes,
    }
    opportunity = Opportunity.objects.create(**values)
    opportunity.demand_lines.set(lines if lines is not None else [extra_care_line()])
    if wards:
        opportunity.wards.set(Ward.objects.filter(name__in=wards))
    return opportunity


def commissioner(username="cora"):
    existing = get_user_model().objects.filter(username=username).first()
    return existing or staff(username, COMMISSIONERS)


def published_opportunity(*, by=None, **changes) -> Opportunity:
    return opportunity_publish(opportunity=draft_opportunity(**changes), actor=by or commissioner())
