"""A commissioner's own assessment beside the screening (issue 15)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eoi.offers import summary as offer_summary
from eoi.triage.assessment import offer_assess
from eoi.models import Assessment, Offer
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.screening import FACTOR_LABELS
from eoi.progress.judgement import judgement_counts, units_counting_sites_once
from tests.eoi.factories import staff, submitted_offer
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db


def screened(offer) -> dict:
    return {key: f["outcome"] for key, f in offer.screenings.first().result["factors"].items()}


def agreeing(offer) -> dict:
    return {key: {"agrees": True} for key in screened(offer)}


def another_outcome(outcome: str) -> str:
    return "concern" if outcome != "concern" else "meets"


def test_agreeing_throughout_records_who_and_when_and_does_not_differ(strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    assessment = offer_assess(
        offer=offer, actor=chris, factors=agreeing(offer), overall=offer.recommendation
    )
    assert (assessment.assessed_by, assessment.differs) == (chris, False)
    assert assessment.assessed_at is not None
    assert assessment.factors == {
        key: {"agrees": True, "outcome": outcome, "reason": ""}
        for key, outcome in screened(offer).items()
    }
    assert assessment.history.first().history_user == chris


def test_a_different_factor_outcome_needs_a_reason_and_makes_it_differ(strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    key, outcome = next(iter(screened(offer).items()))
    factors = agreeing(offer)
    factors[key] = {"agrees": False, "outcome": another_outcome(outcome), "reason": "  "}
    with pytest.raises(ValidationError) as error:
        offer_assess(offer=offer, actor=chris, factors=factors, overall=offer.recommendation)
    assert key in error.value.message_dict
    assert not Assessment.objects.exists()

    factors[key]["reason"] = "The site visit showed otherwise."
    assessment = offer_assess(
        offer=offer, actor=chris, factors=factors, overall=offer.recommendation
    )
    assert assessment.differs is True
    assert assessment.factors[key]["outcome"] == another_outcome(outcome)


def test_the_same_outcome_as_the_screening_is_not_a_difference(strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    key, outcome = next(iter(screened(offer).items()))
    factors = agreeing(offer)
    factors[key] = {"agrees": False, "outcome": outcome, "reason": "Same"}
    with pytest.raises(ValidationError):
        offer_assess(offer=offer, actor=chris, factors=factors, overall=offer.recommendation)


def test_an_overall_of_ones_own_needs_a_reason(strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    other = "not_supported" if offer.recommendation != "not_supported" else "progress"
    with pytest.raises(ValidationError) as error:
        offer_assess(offer=offer, actor=chris, factors=agreeing(offer), overall=other)
    assert "overall_reason" in error.value.message_dict
    assessment = offer_assess(
        offer=offer,
        actor=chris,
        factors=agreeing(offer),
        overall=other,
        overall_reason="Too far out.",
    )
    assert assessment.differs is True


def test_a_second_assessment_replaces_the_first_and_history_keeps_both(strategy_data):
    offer, chris, dee = (
        submitted_offer(),
        staff("chris", COMMISSIONERS),
        staff("dee", COMMISSIONERS),
    )
    offer_assess(offer=offer, actor=chris, factors=agreeing(offer), overall=offer.recommendation)
    offer_assess(offer=offer, actor=dee, factors=agreeing(offer), overall=offer.recommendation)
    assessment = Assessment.objects.get()
    assert assessment.assessed_by == dee
    assert [h.history_user for h in assessment.history.order_by("history_id")] == [chris, dee]


def test_only_a_role_with_the_triage_permission_may_assess(strategy_data):
    offer = submitted_offer()
    with pytest.raises(PermissionDenied):
        offer_assess(
            offer=offer,
            actor=staff("pat", PLACEMENT_TEAM),
            factors=agreeing(offer),
            overall=offer.recommendation,
        )


# The admin page


def form_data(offer, **changes) -> dict:
    data = {f"{key}_agrees": "agree" for key in screened(offer)}
    # The offer's version as the page showed it (its hidden field).
    data.update(overall=offer.recommendation, overall_reason="", offer_version=offer.version)
    data.update(changes)
    return data


def test_the_form_records_the_assessment_and_the_offer_page_shows_it(client, strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    client.force_login(chris)
    key, outcome = next(iter(screened(offer).items()))
    url = reverse("admin:eoi_offer_assessment", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(
            offer,
            **{
                f"{key}_agrees": "different",
                f"{key}_outcome": another_outcome(outcome),
                f"{key}_reason": "Seen on site",
            },
        ),
    )
    assert response.status_code == 302
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert "differs from the screening" in page
    assert "Seen on site" in page
    assert "Change the assessment" in page


def test_a_refused_form_keeps_every_answer_and_lists_the_errors(client, strategy_data):
    offer = submitted_offer()
    client.force_login(staff("chris", COMMISSIONERS))
    key, outcome = next(iter(screened(offer).items()))
    data = form_data(
        offer, **{f"{key}_agrees": "different", f"{key}_outcome": "", f"{key}_reason": "Kept =1+1"}
    )
    data["overall_reason"] = "Typed and kept"
    response = client.post(reverse("admin:eoi_offer_assessment", args=[offer.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "<title>Error:" in page
    assert f'href="#id_{key}_outcome"' in page
    assert "Kept =1+1" in page and "Typed and kept" in page
    assert re.search(
        rf'value="different"[^>]*id="id_{key}_agrees_1"[^>]*checked|checked[^>]*value="different"[^>]*name="{key}_agrees"|name="{key}_agrees" value="different"[^>]*checked',
        page,
    )
    assert not Assessment.objects.exists()


def test_the_placement_team_cannot_open_or_post_the_assessment(client, strategy_data):
    offer = submitted_offer()
    client.force_login(staff("pat", PLACEMENT_TEAM))
    url = reverse("admin:eoi_offer_assessment", args=[offer.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(offer)).status_code == 403
    assert not Assessment.objects.exists()
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert url not in page


def test_the_queue_filters_assessed_not_assessed_and_differs(client, strategy_data):
    agreed, differing, untouched = submitted_offer(), submitted_offer(), submitted_offer()
    chris = staff("chris", COMMISSIONERS)
    offer_assess(offer=agreed, actor=chris, factors=agreeing(agreed), overall=agreed.recommendation)
    other = "not_supported" if differing.recommendation != "not_supported" else "progress"
    offer_assess(
        offer=differing,
        actor=chris,
        factors=agreeing(differing),
        overall=other,
        overall_reason="Why not",
    )
    client.force_login(chris)

    def listed(query):
        page = client.get(reverse("admin:eoi_offer_changelist") + query).content.decode()
        return set(re.findall(r"EOI-\d{4}-\d{4}", page)) & {
            o.reference for o in (agreed, differing, untouched)
        }

    assert listed("?assessed=yes") == {agreed.reference, differing.reference}
    assert listed("?assessed=no") == {untouched.reference}
    assert listed("?assessed=differs") == {differing.reference}
    assert "Assessed: differs" in client.get(reverse("admin:eoi_offer_changelist")).content.decode()


def test_the_pdf_summary_has_the_commissioners_assessment(strategy_data):
    offer, chris = submitted_offer(), staff("chris", COMMISSIONERS)
    assert offer_summary.offer_summary_context(offer)["assessment"] is None
    key, outcome = next(iter(screened(offer).items()))
    factors = agreeing(offer)
    factors[key] = {"agrees": False, "outcome": another_outcome(outcome), "reason": "On the visit"}
    offer_assess(offer=offer, actor=chris, factors=factors, overall=offer.recommendation)
    summary = offer_summary.offer_summary_context(Offer.objects.get(pk=offer.pk))["assessment"]
    assert summary["assessed_by"] == "Chris"
    assert summary["differs"] is True
    first = summary["factors"][0]
    assert first["label"] == FACTOR_LABELS[key]
    assert (first["agrees"], first["reason"]) == (False, "On the visit")
    html = offer_summary.render_to_string(
        offer_summary.TEMPLATE, offer_summary.offer_summary_context(offer)
    )
    assert "Commissioner's assessment" in html and "On the visit" in html
    assert offer_summary.render_offer_summary_pdf(offer).startswith(b"%PDF")


# The dashboard's counts


def test_units_counting_sites_once():
    for units, pairs, expected in [
        ({1: 10, 2: 10}, [], 20),
        ({1: 10, 2: 12}, [(1, 2)], 12),
        ({1: 10, 2: 12, 3: 5}, [(1, 2), (2, 3)], 12),
        ({1: 10, 2: 12, 3: 5}, [(1, 2)], 17),
        ({1: 10}, [(1, 99)], 10),  # a pair with a decided offer
    ]:
        assert units_counting_sites_once(units, pairs) == expected


def test_the_dashboard_counts_assessments_and_a_site_once(client, strategy_data):
    # One site, twice, each handled by the worker (which records the pair).
    first, second = after_commit(submitted_offer), after_commit(submitted_offer)
    chris = staff("chris", COMMISSIONERS)
    offer_assess(offer=first, actor=chris, factors=agreeing(first), overall=first.recommendation)
    counts = judgement_counts()
    assert (counts.assessed, counts.differs, counts.possible_duplicates) == (1, 0, 1)
    assert counts.triage_units == first.scheme_units + second.scheme_units
    assert counts.triage_units_sites_once == first.scheme_units
    client.force_login(chris)
    page = client.get(reverse("strategy:dashboard")).content.decode()
    assert "Units in triage, each site counted once" in page
