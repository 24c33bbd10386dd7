"""Control characters (finding 5): one-line answers refuse them with a message
by the field and in the error summary; email subjects are flattened where
they are built; a failed email with a bad stored subject can be corrected and
sent again from the admin."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from post_office.models import STATUS, Email

from eoi.notifications.emails import Kind
from eoi.models import OfferDraft
from eoi.offers.document import parse_offer
from eoi.notifications.outbox import outbox_queue
from eoi.roles import ADMINISTRATORS
from eoi.offers.services import offer_submit
from eoi.offers.validators import CONTROL_CHARACTERS_MESSAGE, no_control_characters
from tests.eoi.factories import offer_data, staff
from tests.test_security_admin_posts import form_post_data

pytestmark = pytest.mark.django_db

ORGANISATION = reverse("eoi:step", args=["organisation"])
CONTACT = reverse("eoi:step", args=["contact"])


@pytest.fixture
def provider(strategy_data):
    client = Client()
    client.post(reverse("eoi:start"))
    return client


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize(
    "bad",
    [
        "Acme\r\nBcc: victim@example.org",
        "Acme\nHomes",
        "Acme\rHomes",
        "Acme\x1b[31m",
        "Acme\x7f",
        "Acme\x85Homes",
    ],
)
def test_a_one_line_answer_with_a_control_character_is_refused(provider, bad):
    response = provider.post(
        ORGANISATION,
        {
            "name": bad,
            "type": "registered_provider",
            "cqc_registered": "no",
            "continue": "",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") :]
    assert (
        CONTROL_CHARACTERS_MESSAGE.format(label="Organisation name")
        in summary[: summary.index("</div>") + 2000]
    )
    assert (
        page.count(CONTROL_CHARACTERS_MESSAGE.format(label="Organisation name")) >= 2
    )  # summary and field
    assert "organisation" not in OfferDraft.objects.get().answers


def test_every_one_line_field_of_the_contact_step_is_checked(provider):
    response = provider.post(
        CONTACT,
        {
            "name": "A\r\nB",
            "email": "a@example.org",
            "phone": "0116\n1",
            "role": "x\ty",
            "continue": "",
        },
    )

    errors = response.context["form"].errors.as_data()
    assert set(errors) == {"name", "phone", "role"}
    for name, field_errors in errors.items():  # a phone number may be invalid too
        assert "control_characters" in {error.code for error in field_errors}, name


def test_multi_line_answers_keep_their_line_breaks(provider):
    data = {"kind": "", "notes": "First line\r\nSecond line", "continue": ""}

    response = provider.post(reverse("eoi:step", args=["attachments"]), data)

    assert response.status_code == 302


def test_the_validator_on_its_own():
    no_control_characters("Plain text – with “quotes” and émigré")
    for bad in ["\r", "\n", "\x00", "\x0b", "\x1f", "\x7f", "\x9f"]:
        with pytest.raises(Exception) as raised:
            no_control_characters(f"a{bad}b")
        assert raised.value.code == "control_characters"


def test_a_line_break_in_the_organisation_name_does_not_lose_the_team_email(
    strategy_data, django_capture_on_commit_callbacks
):
    data = offer_data()
    data["organisation"]["name"] = "Acme\r\nBcc: victim@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        offer_submit(document=parse_offer(data), source="web")

    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2  # the acknowledgement and the team's summary
    assert all("\r" not in subject and "\n" not in subject for subject in subjects)
    assert any("Acme Bcc: victim@example.org" in subject for subject in subjects)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


@pytest.fixture
def failed_email(settings):
    settings.EMAIL_BACKEND = "tests.support.mail.DownBackend"
    email = outbox_queue(
        kind=Kind.OFFER_TEAM_SUMMARY,
        to=["team@example.org"],
        subject="Offer\r\nAcme",
        text="t",
        html="<p>t</p>",
    )
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    return email


def test_a_failed_email_with_a_bad_subject_is_sent_again_from_the_admin(
    client, failed_email, django_capture_on_commit_callbacks
):
    client.force_login(staff("ada", ADMINISTRATORS))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:resend", args=[failed_email.pk]))

    assert response.status_code == 302
    assert [message.subject for message in mail.outbox] == ["Offer Acme"]
    failed_email.refresh_from_db()
    assert failed_email.status == STATUS.sent


def test_a_stored_subject_can_be_corrected_in_the_admin(client, failed_email):
    client.force_login(staff("ada", ADMINISTRATORS))
    url = reverse("admin:post_office_email_change", args=[failed_email.pk])
    data = form_post_data(client.get(url), change=False)
    data["subject"] = ["Supported Accommodation EOI-1 Acme Homes"]

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    failed_email.refresh_from_db()
    assert failed_email.subject == "Supported Accommodation EOI-1 Acme Homes"
