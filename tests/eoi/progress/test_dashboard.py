"""The staff dashboard, its CSV and the scrutiny report PDF."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from eoi import roles
from eoi.triage import services as triage
from eoi.progress import market
from eoi.progress import report as dashboard
from leicester_sl.documents.formatting import day
from strategy.models import DeliveryRecord, DemandLine, ForecastVersion, PipelineScheme
from tests.eoi.factories import staff, submitted_offer

DASHBOARD = "/staff/dashboard/"
CSV = "/staff/dashboard.csv"
PDF = "/staff/dashboard/report.pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def commissioner(strategy_data):
    return staff("chris", roles.COMMISSIONERS)


@pytest.fixture
def signed_in(client, commissioner):
    client.force_login(commissioner)
    return client


@pytest.mark.usefixtures("strategy_data")
@pytest.mark.django_db
class TestAccess:
    @pytest.mark.parametrize("url", [DASHBOARD, CSV, PDF])
    def test_anyone_signed_out_goes_to_the_staff_sign_in(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    def test_a_signed_in_user_who_is_not_staff_goes_to_the_sign_in(self, client):
        user = get_user_model().objects.create_user("pat", password="a-long-test-password")
        client.force_login(user)

        assert client.get(DASHBOARD).status_code == 302

    def test_staff_without_the_permission_are_refused(self, client):
        client.force_login(
            get_user_model().objects.create_user(
                "sam", password="a-long-test-password", is_staff=True
            )
        )

        assert client.get(DASHBOARD).status_code == 403
        assert client.get(PDF).status_code == 403

    @pytest.mark.parametrize(
        "role", [roles.COMMISSIONERS, roles.PLACEMENT_TEAM, roles.ADMINISTRATORS]
    )
    def test_every_staff_role_reads_it(self, client, role):
        client.force_login(staff("reader", role))

        response = client.get(DASHBOARD)

        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    def test_the_admin_links_to_it(self, signed_in):
        page = signed_in.get(reverse("admin:index")).content.decode()

        assert f'href="{DASHBOARD}">Progress dashboard</a>' in page
        assert "Two-step verification" in page

    def test_an_unknown_version_is_not_found(self, signed_in):
        assert signed_in.get(DASHBOARD, {"version": "1999-plan"}).status_code == 404


@pytest.mark.usefixtures("strategy_data")
@pytest.mark.django_db
class TestPage:
    def test_the_current_version_by_default(self, signed_in):
        response = signed_in.get(DASHBOARD)
        page = response.content.decode()

        assert response.context["report"].version.slug == "2025-refresh"
        assert page.count("<h1") == 1
        assert "2025 refresh, as of " + day(timezone.localdate()) in page
        assert 'style="' not in page  # the Content Security Policy forbids inline styles

    def test_the_2025_refresh_shows_the_scrutiny_figures(self, signed_in):
        report = signed_in.get(DASHBOARD, {"version": "2025-refresh"}).context["report"]
        page = signed_in.get(DASHBOARD, {"version": "2025-refresh"}).content.decode()

        assert [(h.label, h.value) for h in report.headline] == [
            ("Target", 551),
            ("Delivered", 56),
            ("Firm pipeline", 22),
            ("Accepted offers", 0),
            ("Still to find", 473),
        ]
        for text in ("551", "473", "over 11 sites", "Not yet matched to a demand line"):
            assert text in page
        phases = report.tables["phases"].rows
        assert [row[2] for row in phases] == [155, 66, 289]
        versions = {row[0]: row[1:] for row in report.tables["versions"].rows}
        assert [versions[f"Phase {n}: stated units"] for n in (1, 2, 3)] == [
            (196, 155),
            (66, 66),
            (70, 289),
        ]
        assert versions["Units delivered"] == (0, 56)
        assert versions["Supported living supply (units)"] == (632, 698)
        assert versions["Supported living supply (schemes)"] == (112, 112)
        assert "Units brought forward by developers, confirmed delivery 2025/26" in page

    def test_every_chart_sits_next_to_a_table_in_a_labelled_region(self, signed_in):
        page = signed_in.get(DASHBOARD).content.decode()

        charts = re.findall(r'class="app-bar-chart[^"]*" aria-hidden="true"', page)
        assert len(charts) == 4  # phases, trajectory, demand lines, quarters
        regions = re.findall(r'role="region" tabindex="0" aria-labelledby="([^"]+)"', page)
        assert len(regions) == page.count("<table")
        for caption_id in regions:
            assert f'id="{caption_id}"' in page
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=\"(row|col)\")", page.split("<main")[1])

    def test_changes_show_at_once(self, signed_in, commissioner):
        plan = ForecastVersion.objects.get(slug="2025-refresh")
        DeliveryRecord.objects.create(
            version=plan,
            description="Step-down flats",
            units=9,
            delivered_on=datetime.date(2026, 6, 1),
            source="Test",
        )
        offer = submitted_offer()
        triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
        line = DemandLine.objects.get(group__version=plan, cohort__startswith="Mental health")
        triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 12)])
        PipelineScheme.objects.filter(
            name__startswith="Potential for Ashton", phase__version=plan
        ).update(expected_completion=timezone.localdate() - datetime.timedelta(days=1))

        report = signed_in.get(DASHBOARD).context["report"]

        assert [(h.label, h.value) for h in report.headline] == [
            ("Target", 551),
            ("Delivered", 56 + 9),
            ("Firm pipeline", 22),
            ("Accepted offers", 12),
            ("Still to find", 551 - 65 - 22 - 12),
        ]
        slipping = [row[0] for row in report.tables["slipping_schemes"].rows]
        assert "Potential for Ashton Green to yield an extra care" in slipping
        quarters = report.tables["quarters"].rows
        assert quarters[-1][0] == market.quarter_of(timezone.localdate()).label


def csv_sections(text: str) -> dict[str, list[list[str]]]:
    sections, current = {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


@pytest.mark.usefixtures("strategy_data")
@pytest.mark.django_db
class TestCsv:
    def test_one_section_per_table_with_a_header_row(self, signed_in):
        response = signed_in.get(CSV, {"version": "2025-refresh"})
        sections = csv_sections(response.content.decode())
        report = dashboard.progress_report(version=ForecastVersion.objects.get(slug="2025-refresh"))

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        assert "2025-refresh" in response["Content-Disposition"]
        assert list(sections) == [report.title] + [t.caption for t in report.tables.values()]
        headline = dict((row[0], row[1]) for row in sections["Headline figures"][1:])
        assert headline["Target"] == "551"
        assert headline["Delivered"] == "56"
        assert headline["Still to find"] == "473"
        assert headline["Sites delivered"] == "11"
        phases = sections["Progress by phase (units)"]
        assert phases[0][:3] == ["Phase", "Ends", "Target"]
        assert [row[2] for row in phases[1:]] == ["155", "66", "289"]
        assert phases[1][1] == "2022-03-31"
        versions = {row[0]: row[1:] for row in sections["Forecast versions side by side"]}
        assert versions["Supported living supply (units)"] == ["632", "698"]

    def test_a_new_delivery_shows_in_the_csv(self, signed_in):
        DeliveryRecord.objects.create(
            version=ForecastVersion.objects.get(slug="2025-refresh"),
            description="More",
            units=4,
            delivered_on=datetime.date(2026, 6, 1),
            source="Test",
        )

        sections = csv_sections(signed_in.get(CSV, {"version": "2025-refresh"}).content.decode())

        headline = dict((row[0], row[1]) for row in sections["Headline figures"][1:])
        assert (headline["Delivered"], headline["Still to find"]) == ("60", "469")


@pytest.fixture
def refresh_pdf(signed_in):
    response = signed_in.get(PDF, {"version": "2025-refresh"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.usefixtures("strategy_data")
@pytest.mark.django_db
class TestPdf:
    def test_a_dated_committee_paper_with_the_figures(self, refresh_pdf):
        text = "\n".join(pages_text(refresh_pdf))
        flat = squash(text)

        assert squash("Supported Living and Extra Care Housing Strategy: progress report") in flat
        assert squash(f"Prepared on {day(timezone.localdate())}") in flat
        for phrase in (
            "Target551",
            "Delivered56over11sites",
            "Firmpipeline22",
            "Stilltofind473",
            "Phase1:statedunits196155",
            "Phase3:statedunits70289",
            "Supportedlivingsupply(units)632698",
            "Supportedlivingsupply(schemes)112112",
            "Unitsbroughtforwardbydevelopers,confirmeddelivery2025/26",
            "ExtracareatHamelinRoad",
            "Phase2(2022to2026)31March2026665610",  # ended, 10 outstanding
        ):
            assert phrase in flat, phrase

    def test_every_page_is_numbered(self, refresh_pdf):
        pages = pages_text(refresh_pdf)

        assert len(pages) >= 3
        for number, text in enumerate(pages, start=1):
            assert f"Page {number} of {len(pages)}" in text
            assert "Progress report" in text

    def test_it_is_a_tagged_pdf_with_headings_in_order_and_header_cells(self, refresh_pdf):
        from tests.eoi.test_offer_summary import structure_tags

        reader = PdfReader(io.BytesIO(refresh_pdf))
        catalog = reader.trailer["/Root"]
        assert (
            catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (pypdf's BooleanObject is not a bool)
        )  # noqa: E712 (a pypdf BooleanObject)
        assert catalog["/Lang"] == "en-GB"
        assert reader.metadata.title == dashboard.TITLE
        assert reader.metadata.author == "Leicester City Council"
        tags = structure_tags(catalog["/StructTreeRoot"])
        headings = [int(tag[2]) for tag in tags if re.fullmatch(r"/H[1-6]", tag)]
        assert headings[0] == 1 and headings.count(1) == 1
        assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:]))
        assert tags.count("/Table") >= 9 and "/TH" in tags
        for name in ("progress_report.html", "_table.html"):
            html = (settings.BASE_DIR / "templates" / "pdf" / name).read_text()
            assert not re.search(r"<th(?=[\s>])(?![^>]*scope=\"(row|col)\")", html), name

    def test_an_accepted_offer_shows_in_the_report(self, signed_in, commissioner):
        offer = submitted_offer()
        triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
        line = DemandLine.objects.get(
            group__version__slug="2025-refresh", cohort__startswith="Mental health"
        )
        triage.offer_accept(offer=offer, actor=commissioner, allocations=[(line, 12)])

        flat = squash("\n".join(pages_text(signed_in.get(PDF).content)))

        assert "Acceptedoffers12" in flat
        assert f"Stilltofind{473 - 12}" in flat
