"""Staff correct one of a provider's answers, with a reason (issue 15)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from eoi import roles
from eoi.triage import services as triage
from eoi.triage.corrections import offer_answer_correct
from eoi.models import AnswerCorrection, SiteMatch
from eoi.offers.document.parse import parse_offer
from eoi.offers.services import offer_screen
from tests.eoi.factories import offer_data, staff, submitted_offer

pytestmark = pytest.mark.django_db


def _url(offer, path):
    return reverse("admin:eoi_offer_correct", args=[offer.pk, path])


@pytest.fixture
def chris(db):
    return staff("chris", roles.COMMISSIONERS)


def test_a_commissioner_corrects_units_and_the_screening_follows(client, chris, strategy_data):
    offer = submitted_offer()
    before_screenings = offer.screenings.count()
    new_units = 500  # more than the unmet demand: only a share of the offer meets it
    before_priority = offer.priority
    # What the offer screens as today had the provider given the corrected figure.
    expected_result = offer_screen(document=parse_offer(offer_data(units=new_units)))
    assert expected_result.priority != before_priority  # the correction matters
    client.force_login(chris)

    page = client.get(_url(offer, "scheme.units"))
    assert page.status_code == 200
    response = client.post(
        _url(offer, "scheme.units"),
        {
            "value": str(new_units),
            "reason": "Provider phoned: 500 flats, not 32",
            "offer_version": offer.version,
        },
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.scheme_units == new_units
    assert offer.screenings.count() == before_screenings + 1
    latest = offer.screenings.first()
    assert latest.trigger == "rescreen"
    assert offer.priority == expected_result.priority
    assert offer.recommendation == str(expected_result.overall)
    correction = AnswerCorrection.objects.get(offer=offer)
    assert correction.corrected_by == chris
    assert correction.reason == "Provider phoned: 500 flats, not 32"
    assert correction.new_value.replace(",", "") == str(new_units)
    assert offer.history.first().history_change_reason.startswith("Answer corrected")
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert "Provider phoned: 500 flats, not 32" in page


def test_a_postcode_correction_makes_and_clears_a_possible_duplicate(chris, strategy_data):
    first = submitted_offer()
    second = submitted_offer(postcode="LE5 0AA")
    assert not SiteMatch.objects.exists()

    offer_answer_correct(
        offer=second,
        path="scheme.postcode",
        value=first.scheme_postcode,
        reason="Typo",
        actor=chris,
    )
    assert SiteMatch.objects.filter(offer=first, other=second).exists()

    offer_answer_correct(
        offer=second, path="scheme.postcode", value="LE5 0AA", reason="It was right", actor=chris
    )
    assert not SiteMatch.objects.exists()


def test_the_reason_is_required(client, chris, strategy_data):
    offer = submitted_offer()
    units = offer.scheme_units
    client.force_login(chris)
    response = client.post(_url(offer, "scheme.units"), {"value": "3", "reason": "  "})
    assert response.status_code == 200
    assert "Say why you are correcting this answer." in response.content.decode()
    offer.refresh_from_db()
    assert offer.scheme_units == units
    with pytest.raises(ValidationError):
        offer_answer_correct(offer=offer, path="scheme.units", value=3, reason="", actor=chris)
    assert not AnswerCorrection.objects.exists()


def test_the_placement_team_may_not_correct(client, strategy_data):
    offer = submitted_offer()
    units = offer.scheme_units
    client.force_login(staff("pat", roles.PLACEMENT_TEAM))
    assert client.get(_url(offer, "scheme.units")).status_code == 403
    response = client.post(_url(offer, "scheme.units"), {"value": "3", "reason": "Because"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.scheme_units == units
    assert not AnswerCorrection.objects.exists()


def test_an_unknown_question_is_not_found(client, chris, strategy_data):
    offer = submitted_offer()
    client.force_login(chris)
    for path in ("scheme.nothing", "status", "priority"):
        assert client.post(_url(offer, path), {"value": "1", "reason": "x"}).status_code == 404


def test_a_decided_offer_is_refused(client, chris, strategy_data):
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="not_progress", actor=chris, reason="Not needed")
    offer.refresh_from_db()
    units = offer.scheme_units
    client.force_login(chris)
    response = client.post(_url(offer, "scheme.units"), {"value": "3", "reason": "Because"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.scheme_units == units
    with pytest.raises(ValidationError):
        offer_answer_correct(
            offer=offer, path="scheme.units", value=3, reason="Because", actor=chris
        )
    assert not AnswerCorrection.objects.exists()


def test_formulae_are_kept_as_text_and_line_breaks_refused_in_one_line(
    client, chris, strategy_data
):
    offer = submitted_offer()
    client.force_login(chris)
    name = offer.scheme_name
    refused = client.post(
        _url(offer, "scheme.name"),
        {"value": "Elm\r\nCourt", "reason": "x", "offer_version": offer.version},
    )
    assert refused.status_code == 200
    offer.refresh_from_db()
    assert offer.scheme_name == name

    response = client.post(
        _url(offer, "scheme.name"),
        {"value": "=1+1", "reason": "=2+2\r\nsecond line", "offer_version": offer.version},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.scheme_name == "=1+1"
    correction = AnswerCorrection.objects.get()
    assert correction.reason == "=2+2\r\nsecond line" or correction.reason == "=2+2\nsecond line"
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert "“=1+1”" in page


def test_a_sibling_limit_is_kept(chris, strategy_data):
    offer = submitted_offer()
    with pytest.raises(ValidationError):
        offer_answer_correct(
            offer=offer,
            path="scheme.wheelchair_accessible_units",
            value=offer.scheme_units + 1,
            reason="x",
            actor=chris,
        )
    assert not AnswerCorrection.objects.exists()


def test_every_declared_question_has_a_correction_page(client, chris, strategy_data):
    from eoi.offers.document.sections import QUESTIONS

    offer = submitted_offer()
    client.force_login(chris)
    index = client.get(reverse("admin:eoi_offer_corrections", args=[offer.pk])).content.decode()
    for question in QUESTIONS:
        assert _url(offer, question.path) in index
        assert client.get(_url(offer, question.path)).status_code == 200, question.path


def test_the_same_correction_twice_is_recorded_once(chris, strategy_data):
    offer = submitted_offer()
    offer_answer_correct(offer=offer, path="scheme.units", value=40, reason="Phoned", actor=chris)
    with pytest.raises(ValidationError):
        offer_answer_correct(
            offer=offer, path="scheme.units", value=40, reason="Phoned", actor=chris
        )
    assert AnswerCorrection.objects.count() == 1
