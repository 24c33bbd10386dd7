"""Published opportunities as open data: an Open Contracting Data Standard
release package (JSON) and a CSV, beside the current position."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from eoi.opportunities.services import opportunity_close

from .helpers import commissioner, draft_opportunity, extra_care_line, published_opportunity

pytestmark = pytest.mark.django_db
JSON = reverse("opportunities_json")
CSV = reverse("opportunities_csv")


@pytest.fixture(autouse=True)
def data(strategy_data, settings):
    settings.PORTAL_BASE_URL = "https://offers.example.org"
    settings.OCDS_OCID_PREFIX = "ocds-abc123"


def test_the_json_is_a_release_package_of_the_published_ones_only(client):
    opportunity = published_opportunity(wards=["Castle"])
    draft_opportunity(slug="a-draft", title="Not yet")

    response = client.get(JSON)

    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    package = response.json()
    assert package["version"] == "1.1"
    assert package["uri"] == "https://offers.example.org" + JSON
    assert package["publisher"] == {"name": "Leicester City Council"}
    assert "open-government-licence" in package["license"]
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-abc123-{opportunity.pk}"
    assert release["tag"] == ["tender"]
    assert release["buyer"]["name"] == "Leicester City Council"
    tender = release["tender"]
    assert tender["title"] == "Extra care for older people"
    assert tender["status"] == "active"
    assert tender["procurementMethod"] == "open"
    line = extra_care_line()
    assert tender["items"] == [
        {
            "id": str(line.pk),
            "description": line.name_for_providers,
            "classification": {
                "scheme": "x_LeicesterDemandLine",
                "id": str(line.pk),
                "description": line.name_for_providers,
            },
            "quantity": 155,
            "unit": {"name": "homes"},
        }
    ]
    today = timezone.localdate()
    assert tender["tenderPeriod"]["startDate"].startswith(
        (today - datetime.timedelta(days=1)).isoformat() + "T00:00:00"
    )
    assert tender["tenderPeriod"]["endDate"].startswith(
        (today + datetime.timedelta(days=30)).isoformat() + "T23:59:59"
    )
    assert tender["enquiryPeriod"]["endDate"].startswith(
        (today + datetime.timedelta(days=20)).isoformat()
    )
    assert tender["x_homesSought"] == 155
    assert tender["x_wards"] == ["Castle"]
    assert tender["documents"][0]["url"] == (
        "https://offers.example.org" + opportunity.get_absolute_url()
    )


def test_closed_and_forthcoming_and_soft_market_testing_in_ocds_words(client):
    cora = commissioner()
    closed = published_opportunity(by=cora, slug="closed")
    opportunity_close(opportunity=closed, actor=cora)
    published_opportunity(
        by=cora,
        slug="soon",
        route="soft_market_testing",
        opens_on=timezone.localdate() + datetime.timedelta(days=3),
    )

    releases = {r["tender"]["id"]: r for r in client.get(JSON).json()["releases"]}

    assert releases["closed"]["tender"]["status"] == "complete"
    soon = releases["soon"]
    assert soon["tender"]["status"] == "planned"
    assert soon["tag"] == ["planning"]
    assert "procurementMethod" not in soon["tender"]
    assert soon["planning"]["rationale"].startswith("The council is looking")


def test_the_csv_has_a_row_for_each_and_defuses_formulae(client):
    published_opportunity(title="=1+1", summary="@SUM(A1)", wards=["Castle", "Abbey"])
    draft_opportunity(slug="a-draft", title="Not yet")

    response = client.get(CSV)

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    (row,) = rows
    assert row["title"] == "'=1+1"
    assert row["summary"] == "'@SUM(A1)"
    assert row["where"] == "Abbey; Castle"
    assert row["status"] == "open"
    assert row["homes_sought"] == "155"
    assert row["reopens_framework"] == "no"
    assert row["url"] == "https://offers.example.org/opportunities/extra-care-older-people/"


def test_the_open_data_is_documented_on_the_opportunities_page(client):
    page = client.get(reverse("opportunities:list")).content.decode()

    assert f'href="{JSON}"' in page
    assert f'href="{CSV}"' in page
    assert "<code>tender.tenderPeriod</code>" in page
    city_needs = client.get(reverse("city_needs")).content.decode()
    assert f'href="{JSON}"' in city_needs


def test_every_csv_column_is_documented_on_the_opportunities_page(client):
    from eoi.opportunities.open_data import CSV_COLUMNS

    page = client.get(reverse("opportunities:list")).content.decode()

    for column in CSV_COLUMNS:
        assert f"<code>{column}</code>" in page, column


def test_an_opportunity_that_reopens_the_framework_says_so_on_its_page_and_in_the_csv(client):
    opportunity = published_opportunity(reopens_framework=True)

    page = client.get(opportunity.get_absolute_url()).content.decode()
    (row,) = csv.DictReader(io.StringIO(client.get(CSV).content.decode()))

    assert "This re-opens the Supported Living care and support framework" in page
    assert row["reopens_framework"] == "yes"


def test_an_empty_list_is_still_a_package(client):
    assert client.get(JSON).json()["releases"] == []
    assert client.get(CSV).content.decode().splitlines()[0].startswith("ocid,title")


def test_published_questions_are_enquiries_without_who_asked(client):
    from eoi.opportunities import questions

    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    type(opportunity).objects.filter(pk=opportunity.pk).update(published_at=an_hour_ago)
    before = client.get(JSON).json()["releases"][0]
    assert (before["tender"]["hasEnquiries"], before["tender"]["enquiries"]) == (False, [])
    shown = questions.question_ask(
        opportunity=opportunity, email="asker@provider.example", question="Acme asks: parking?"
    )
    hidden = questions.question_ask(
        opportunity=opportunity, email="other@provider.example", question="Not published"
    )
    for question in (shown, hidden):
        questions.question_answer(question=question, answer="No parking needed.", actor=cora)
    questions.question_publish(question=shown, published_question="Is parking needed?", actor=cora)

    response = client.get(JSON)

    package = response.json()
    assert any("enquiry" in url for url in package["extensions"])
    (release,) = package["releases"]
    assert release["tender"]["hasEnquiries"] is True
    (enquiry,) = release["tender"]["enquiries"]
    assert enquiry["id"] == str(shown.pk)
    assert (enquiry["description"], enquiry["answer"]) == (
        "Is parking needed?",
        "No parking needed.",
    )
    assert enquiry["dateAnswered"] and enquiry["date"]
    # A new release: its id changes when a question is published.
    assert release["id"] != before["id"]
    text = response.content.decode()
    for secret in ("asker@provider.example", "other@provider.example", "Acme", "Not published"):
        assert secret not in text
