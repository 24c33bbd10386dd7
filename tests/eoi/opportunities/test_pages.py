"""The public pages of opportunities: only published and closed ones, in
their order, with what staff typed shown as text."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from eoi.models import OpportunityDocument
from eoi.opportunities.services import opportunity_close

from .helpers import commissioner, draft_opportunity, published_opportunity

pytestmark = pytest.mark.django_db
LIST = reverse("opportunities:list")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(strategy_data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_a_draft_is_not_found_and_not_listed(client):
    draft = draft_opportunity(title="Secret draft")

    assert client.get(reverse("opportunities:detail", args=[draft.slug])).status_code == 404
    assert "Secret draft" not in client.get(LIST).content.decode()


def test_a_published_opportunity_has_its_page_with_the_facts(client):
    opportunity = published_opportunity(wards=["Castle", "Abbey"])

    page = client.get(opportunity.get_absolute_url()).content.decode()

    assert '<h1 class="govuk-heading-l">Extra care for older people</h1>' in page
    assert "Open" in page
    assert days(30).strftime("%-d %B %Y") in page  # "6 January 2027"
    assert "Abbey, Castle" in page
    assert "155" in page


def test_responses_close_at_the_end_of_the_day_said_on_the_page(client):
    """Offers are taken all of the closing day (``takes_offers``): the page
    says until when."""
    opportunity = published_opportunity()

    page = client.get(opportunity.get_absolute_url()).content.decode()

    assert f"11:59pm on {days(30):%-d %B %Y}" in page


def test_an_opportunity_closed_early_says_when_it_closed_not_its_closing_day(client):
    cora = commissioner()
    opportunity = opportunity_close(opportunity=published_opportunity(by=cora), actor=cora)

    page = client.get(opportunity.get_absolute_url()).content.decode()

    today, planned = timezone.localdate(), days(30)
    assert f"This opportunity closed on {today:%-d %B %Y}." in page
    assert f"Closed early, on {today:%-d %B %Y} (it was to close on {planned:%-d %B %Y})" in page
    assert f"closed on {planned:%-d %B %Y}" not in page


def test_the_list_shows_open_then_forthcoming_then_closed(client):
    cora = commissioner()
    later = published_opportunity(by=cora, slug="open-later", title="Open, closes later")
    sooner = published_opportunity(
        by=cora, slug="open-sooner", title="Open, closes sooner", responses_close_on=days(5)
    )
    coming = published_opportunity(by=cora, slug="coming", title="Not open yet", opens_on=days(3))
    closed = published_opportunity(by=cora, slug="closed", title="Closed by staff")
    opportunity_close(opportunity=closed, actor=cora)
    past = published_opportunity(
        by=cora,
        slug="past",
        title="Past its closing day",
        opens_on=days(-20),
        questions_close_on=None,
        responses_close_on=days(-1),
    )

    page = client.get(LIST).content.decode()

    positions = [page.index(o.title) for o in (sooner, later, coming, closed, past)]
    assert positions == sorted(positions)
    assert page.index("Open for responses") < page.index("Forthcoming") < page.index(">Closed<")


def test_staff_words_are_shown_as_text_never_as_markup(client):
    opportunity = published_opportunity(
        title='=1+1 <script>alert("x")</script>',
        summary="<b>bold</b>",
        description="<img src=x onerror=alert(1)>",
    )

    for url in (LIST, opportunity.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<b>bold</b>" not in page
        assert "<img src=x" not in page
        assert "=1+1 &lt;script&gt;" in page


def test_its_documents_download_and_a_drafts_do_not(client):
    opportunity = published_opportunity()
    document = OpportunityDocument(
        opportunity=opportunity,
        title="Specification",
        original_name="spec.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    document.file.save("spec.pdf", ContentFile(PDF))
    url = reverse("opportunities:document", args=[opportunity.slug, document.pk])

    assert "Specification" in client.get(opportunity.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]

    draft = draft_opportunity(slug="a-draft")
    document.pk, document.opportunity = None, draft
    document.save()
    assert (
        client.get(reverse("opportunities:document", args=[draft.slug, document.pk])).status_code
        == 404
    )
    # Another opportunity's document is not found under this one.
    assert (
        client.get(
            reverse("opportunities:document", args=[opportunity.slug, document.pk])
        ).status_code
        == 404
    )


def test_the_home_page_and_the_header_link_to_the_opportunities(client):
    page = client.get(reverse("home")).content.decode()

    assert page.count(f'href="{LIST}"') == 2  # the header, and the page's links
