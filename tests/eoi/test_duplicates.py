"""Possible duplicates: the same site offered twice (issue 15)."""

import copy
import json
import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from eoi.triage.duplicates import offer_duplicates_find, site_match_resolve
from eoi.models import Offer, SiteMatch
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from tests.eoi.factories import staff
from tests.eoi.factories import submitted_offer as submitted
from tests.support.examples import example_offer
from tests.support.worker import after_commit


pytestmark = pytest.mark.django_db


def submitted_offer(**scheme_changes) -> Offer:
    """An offer submitted, and its event handled by the worker (which records
    its possible duplicates)."""
    return after_commit(submitted, **scheme_changes)


def _offer_of(organisation: str, **scheme) -> dict:
    offer = copy.deepcopy(example_offer())
    offer["organisation"]["name"] = organisation
    offer["scheme"].update(scheme)
    return offer


def test_two_offers_of_one_site_from_different_organisations_flag_each_other(
    tmp_path, client, strategy_data
):
    """The issue's "done when": imported with import_offers, each shows
    "Possible duplicate" with the other's reference on its page and in the
    queue's filter."""
    batch = tmp_path / "batch.json"
    batch.write_text(
        json.dumps(
            [
                _offer_of(
                    "Alpha Homes",
                    name="Elm Court",
                    address="Flat 1, 12 Elm Road, Leicester",
                    postcode="LE2 7AB",
                ),
                _offer_of("Beta Care", name="The Elms", address="12 ELM ROAD", postcode="le27ab"),
                _offer_of(
                    "Gamma Living", name="Oak House", address="3 Oak Lane", postcode="LE2 7AB"
                ),
            ]
        )
    )
    after_commit(call_command, "import_offers", str(batch), stdout=open(tmp_path / "out", "w"))
    alpha, beta, gamma = (
        Offer.objects.get(organisation_name=name)
        for name in ("Alpha Homes", "Beta Care", "Gamma Living")
    )
    client.force_login(staff("chris", COMMISSIONERS))

    for offer, other in [(alpha, beta), (beta, alpha)]:
        page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
        assert "Possible duplicate" in page
        assert reverse("admin:eoi_offer_change", args=[other.pk]) in page
        assert other.reference in page
    assert (
        "Possible duplicate"
        not in client.get(reverse("admin:eoi_offer_change", args=[gamma.pk])).content.decode()
    )

    queue = client.get(
        reverse("admin:eoi_offer_changelist") + "?duplicate=possible"
    ).content.decode()
    listed = set(re.findall(r"EOI-\d{4}-\d{4}", queue))
    assert {alpha.reference, beta.reference} <= listed
    assert gamma.reference not in listed


def test_not_the_same_site_clears_the_flag_for_that_pair_only(client, strategy_data):
    first, second, third = (submitted_offer() for _ in range(3))  # one site, three times
    chris = staff("chris", COMMISSIONERS)
    client.force_login(chris)
    url = reverse("admin:eoi_offer_duplicates", args=[first.pk])
    pair = SiteMatch.objects.get(offer=first, other=second)
    response = client.post(url, {f"match_{pair.pk}": "different"})
    assert response.status_code == 302

    pair.refresh_from_db()
    assert (pair.resolution, pair.resolved_by) == ("different", chris)
    assert pair.resolved_at is not None
    assert pair.history.first().history_user == chris
    queue = client.get(
        reverse("admin:eoi_offer_changelist") + "?duplicate=possible"
    ).content.decode()
    assert first.reference in queue  # still a possible duplicate of the third
    page = client.get(reverse("admin:eoi_offer_change", args=[first.pk])).content.decode()
    assert reverse("admin:eoi_offer_change", args=[second.pk]) not in page
    assert reverse("admin:eoi_offer_change", args=[third.pk]) in page


def test_a_pair_marked_not_the_same_site_is_not_flagged_again(strategy_data):
    _first, second = submitted_offer(), submitted_offer()
    pair = SiteMatch.objects.get()
    site_match_resolve(match=pair, resolution="different", actor=staff("chris", COMMISSIONERS))
    offer_duplicates_find(offer=second)
    assert list(SiteMatch.objects.values_list("resolution", flat=True)) == ["different"]


def test_an_address_change_drops_an_unchecked_pair_and_finds_a_new_one(strategy_data):
    first = submitted_offer()
    second = submitted_offer(address="4 Birch Way", postcode="LE3 9ZZ", name="Birch House")
    third = submitted_offer()
    assert SiteMatch.objects.count() == 1  # first and third
    first.scheme_address, first.scheme_postcode, first.scheme_name = "4 Birch Way", "LE3 9ZZ", ""
    first.save()
    offer_duplicates_find(offer=first)
    assert set(SiteMatch.objects.values_list("offer", "other")) == {(first.pk, second.pk)}
    assert third.pk not in {first.pk, second.pk}


def test_the_placement_team_may_not_decide_and_the_pair_stays(client, strategy_data):
    first, _second = submitted_offer(), submitted_offer()
    pair = SiteMatch.objects.get()
    client.force_login(staff("pat", PLACEMENT_TEAM))
    url = reverse("admin:eoi_offer_duplicates", args=[first.pk])
    assert client.post(url, {f"match_{pair.pk}": "different"}).status_code == 403
    assert client.get(url).status_code == 403
    pair.refresh_from_db()
    assert pair.resolution == ""


def test_an_answer_outside_the_choices_is_refused_and_changes_nothing(client, strategy_data):
    first, _second = submitted_offer(), submitted_offer()
    pair = SiteMatch.objects.get()
    client.force_login(staff("chris", COMMISSIONERS))
    url = reverse("admin:eoi_offer_duplicates", args=[first.pk])
    response = client.post(url, {f"match_{pair.pk}": "same\r\n=1+1"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    pair.refresh_from_db()
    assert pair.resolution == ""


def _queries_of_finding_again(offer) -> int:
    """Queries of finding ``offer``'s duplicates with its pairs forgotten."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SiteMatch.objects.filter(Q(offer=offer) | Q(other=offer)).delete()
    with CaptureQueriesContext(connection) as queries:
        offer_duplicates_find(offer=offer)
    return len(queries)


def test_a_site_offered_many_times_costs_the_same_few_queries(strategy_data):
    """Finding an offer's duplicates does not cost a query or more for each
    earlier offer of the site: the load test's and the benchmark's offers are
    all of one site."""
    for _ in range(2):
        submitted_offer()
    third = submitted_offer()
    few = _queries_of_finding_again(third)
    assert SiteMatch.objects.filter(Q(offer=third) | Q(other=third)).count() == 2
    for _ in range(6):
        submitted_offer()
    last = submitted_offer()
    # No query an earlier offer of the site: a bound, not an exact count.
    assert _queries_of_finding_again(last) <= few
    assert SiteMatch.objects.filter(Q(offer=last) | Q(other=last)).count() == 9
    # Each pair recorded with its history row ("+": created).
    history = SiteMatch.history.filter(Q(offer=last) | Q(other=last), history_type="+")
    assert history.count() >= 9
