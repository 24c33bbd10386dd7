"""The dashboard's units in triage count a site once (issue 15)."""

import datetime

import pytest

from eoi import roles
from eoi.triage.duplicates import site_match_resolve
from eoi.models import SiteMatch
from eoi.progress import inputs
from eoi.progress import tally as progress
from eoi.progress.judgement import offers_standing_in
from strategy.models import ForecastVersion
from tests.eoi.factories import staff, submitted_offer
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db


def _in_triage():
    version = ForecastVersion.objects.get(slug="2021-plan")
    found = progress.progress(
        inputs.progress_inputs(version=version), as_of=datetime.date(2026, 11, 23)
    )
    return found.total.in_triage


def test_two_offers_of_one_site_count_once_until_not_the_same_site(strategy_data):
    # Each handled by the worker, which records the possible duplicate.
    first = after_commit(submitted_offer)
    second = after_commit(submitted_offer)
    match = SiteMatch.objects.get(offer=first, other=second)
    assert match.resolution == SiteMatch.Resolution.UNRESOLVED
    assert _in_triage() == first.scheme_units  # the same units, one site

    site_match_resolve(
        match=match,
        resolution=SiteMatch.Resolution.DIFFERENT,
        actor=staff("chris", roles.COMMISSIONERS),
    )
    assert _in_triage() == first.scheme_units + second.scheme_units


def test_a_site_counts_by_its_largest_offer():
    # 1–2–3 linked through 2; 4 alone
    assert offers_standing_in({1: 10, 2: 30, 3: 20, 4: 5}, [(1, 2), (2, 3)]) == {1, 3}
    assert offers_standing_in({1: 10, 2: 10}, [(1, 2)]) == {2}
    assert offers_standing_in({1: 10, 2: 10}, []) == set()
