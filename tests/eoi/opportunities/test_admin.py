"""Opportunities in the staff pages: commissioners write and publish them,
the placement team only reads them; documents are checked as uploads are."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eoi.models import Opportunity
from eoi.roles import PLACEMENT_TEAM
from strategy.models import DemandLine, Ward
from tests.eoi.factories import staff

from .helpers import commissioner, draft_opportunity, extra_care_line

pytestmark = pytest.mark.django_db
ADD = reverse("admin:eoi_opportunity_add")
LIST = reverse("admin:eoi_opportunity_changelist")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(strategy_data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def form_data(**changes):
    data = {
        "title": "Extra care in Humberstone",
        "slug": "extra-care-humberstone",
        "summary": "Extra care homes for older people.",
        "description": "A scheme of about 60 homes.",
        "demand_lines": [str(extra_care_line().pk)],
        "units": "60",
        "wards": [str(Ward.objects.order_by("name").first().pk)],
        "route": "soft_market_testing",
        "portal_name": "",
        "portal_url": "",
        "portal_reference": "",
        "opens_on": "2026-12-08",
        "questions_close_on": "2027-01-08",
        "responses_close_on": "2027-01-15",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "10",
        "documents-0-title": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_a_commissioner_adds_an_opportunity_with_a_document_as_a_draft(client):
    client.force_login(commissioner())

    response = client.post(
        ADD,
        form_data(
            **{
                "documents-0-title": "Specification",
                "documents-0-file": SimpleUploadedFile("spec.pdf", PDF),
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    opportunity = Opportunity.objects.get(slug="extra-care-humberstone")
    assert opportunity.status == Opportunity.Status.DRAFT
    document = opportunity.documents.get()
    assert (document.title, document.original_name, document.content_type, document.size) == (
        "Specification",
        "spec.pdf",
        "application/pdf",
        len(PDF),
    )
    assert opportunity.history.latest().history_user.username == "cora"


def test_a_document_that_is_not_a_pdf_png_or_jpeg_is_refused_whatever_its_name(client):
    client.force_login(commissioner())

    response = client.post(
        ADD,
        form_data(
            **{
                "documents-0-title": "Specification",
                "documents-0-file": SimpleUploadedFile("spec.pdf", b"MZ\x90\x00 a program"),
            }
        ),
    )

    assert response.status_code == 200
    assert "The selected file must be a PDF, PNG or JPEG" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_wards_and_anywhere_in_the_city_together_are_refused(client):
    client.force_login(commissioner())

    response = client.post(ADD, form_data(anywhere_in_city="on"))

    assert response.status_code == 200
    assert "not both" in response.content.decode()


def test_a_commissioner_publishes_from_the_list(client):
    cora = commissioner()
    client.force_login(cora)
    opportunity = draft_opportunity()

    response = client.post(
        LIST, {"action": "publish", "_selected_action": [str(opportunity.pk)]}, follow=True
    )

    assert "1 opportunity published." in response.content.decode()
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.published_by) == ("published", cora)


def test_the_placement_team_reads_but_cannot_add_change_or_publish(client):
    client.force_login(staff("pat", PLACEMENT_TEAM))
    opportunity = draft_opportunity()
    change = reverse("admin:eoi_opportunity_change", args=[opportunity.pk])

    assert client.get(LIST).status_code == 200
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only
    assert client.get(ADD).status_code == 403
    assert client.post(change, form_data(title="Changed")).status_code == 403
    client.post(LIST, {"action": "publish", "_selected_action": [str(opportunity.pk)]})

    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.status) == ("Extra care for older people", "draft")


def test_the_address_stays_once_published(client):
    cora = commissioner()
    client.force_login(cora)
    opportunity = draft_opportunity(opens_on=datetime.date(2026, 12, 1))
    client.post(LIST, {"action": "publish", "_selected_action": [str(opportunity.pk)]})

    page = client.get(reverse("admin:eoi_opportunity_change", args=[opportunity.pk]))

    assert 'name="slug"' not in page.content.decode()


def test_a_published_opportunitys_old_version_shows_and_names_who_published_it(client):
    from .helpers import published_opportunity

    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    client.force_login(cora)
    version = opportunity.history.order_by("history_id").first()

    old = client.get(
        reverse("admin:eoi_opportunity_simple_history", args=[opportunity.pk, version.pk])
    )
    page = client.get(reverse("admin:eoi_opportunity_change", args=[opportunity.pk]))

    assert old.status_code == 200
    assert page.status_code == 200
    # Who published it, by name: not a link to the users' page, which
    # commissioners may not open.
    assert "/admin/auth/user/" not in page.content.decode()
    assert cora.get_full_name() in page.content.decode()


def test_what_is_sought_offers_the_lines_of_the_forecast_in_force_by_both_names(client):
    """The 2021 plan's lines have the same names as the 2025 refresh's: a
    commissioner choosing by name must not pick a superseded line."""
    from strategy.selectors import forecast_version_current

    client.force_login(commissioner())
    current = forecast_version_current()
    form = client.get(ADD).context["adminform"].form
    offered = list(form.fields["demand_lines"].queryset)

    assert offered and all(line.group.version == current for line in offered)
    assert len(offered) == DemandLine.objects.filter(group__version=current).count()
    label = form.fields["demand_lines"].label_from_instance(offered[0])
    assert offered[0].cohort in label and offered[0].name_for_providers in label


def test_an_opportunity_keeps_a_line_of_an_earlier_forecast_it_already_names(client):
    from strategy.selectors import forecast_version_current

    client.force_login(commissioner())
    older = DemandLine.objects.exclude(group__version=forecast_version_current()).first()
    opportunity = draft_opportunity(lines=[older])
    change = reverse("admin:eoi_opportunity_change", args=[opportunity.pk])
    offered = client.get(change).context["adminform"].form.fields["demand_lines"].queryset

    assert older in offered
