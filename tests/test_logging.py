"""Structured logs: JSON lines (python-json-logger), the request id on every
record of a request (django-guid), and the offer's reference on the records
of its events, as settings.LOGGING configures them."""

import json
import logging
import logging.config
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_guid import clear_guid, set_guid

from tests.eoi.journey_answers import answer_all
from tests.support.production import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parent.parent


def configured(kind, name):
    """The formatter or filter ``name`` made as settings.LOGGING says."""
    config = logging.config.DictConfigurator({})
    return config.configure_custom(dict(settings.LOGGING[kind][name]))


def json_line(record):
    return configured("formatters", "json").format(record)


def request_id_filter():
    return configured("filters", "request_id")


def record(message="Offer %s submitted", *args, exc_info=None, **extra):
    logger = logging.getLogger("eoi.offers.views")
    made = logger.makeRecord(
        logger.name,
        logging.INFO,
        __file__,
        1,
        message,
        args or ("EOI-2026-0001",),
        exc_info,
        extra=extra,
    )
    request_id_filter().filter(made)
    return made


@pytest.fixture(autouse=True)
def outside_a_request():
    """No request id left over from a request an earlier test made."""
    clear_guid()
    yield
    clear_guid()


def test_a_record_is_one_line_of_json_with_its_extras():
    line = json_line(record(offer_reference="EOI-2026-0001", counts={"offers": 2}))

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "INFO"
    assert entry["logger"] == "eoi.offers.views"
    assert entry["message"] == "Offer EOI-2026-0001 submitted"
    assert entry["offer_reference"] == "EOI-2026-0001"
    assert entry["counts"] == {"offers": 2}
    assert entry["time"].endswith("+00:00")
    assert entry["request_id"] is None  # outside a request there is none


def test_exceptions_and_odd_values_stay_on_one_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        line = json_line(record(exc_info=sys.exc_info(), path=Path("/x"), name_="Zoë"))

    entry = json.loads(line)
    assert "\n" not in line
    assert "ValueError: broken" in entry["exception"]
    assert entry["path"] == "/x"
    assert entry["name_"] == "Zoë"


def test_the_request_id_goes_on_records_made_during_the_request():
    set_guid("abc123")

    assert json.loads(json_line(record()))["request_id"] == "abc123"


def test_each_response_carries_its_request_id(client):
    first = client.get(reverse("privacy"))
    second = client.get(reverse("privacy"))

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


NGINX_ID = uuid.uuid4().hex  # nginx's $request_id: 32 hex digits
DASHED_ID = str(uuid.uuid4())


@pytest.mark.parametrize(
    "given, kept",
    [
        (NGINX_ID, True),
        (DASHED_ID, True),
        ("req-42.a_b", False),
        ("x" * 65, False),
        ("bad id", False),
        ("a\u00e9", False),
        (NGINX_ID + "\t<script>", False),
    ],
)
def test_the_proxys_request_id_is_kept_only_if_a_uuid(client, given, kept):
    response = client.get(reverse("privacy"), HTTP_X_REQUEST_ID=given)

    assert (response["X-Request-ID"] == given) is kept
    assert uuid.UUID(response["X-Request-ID"])


@pytest.mark.django_db
def test_a_submitted_offer_is_logged_with_its_reference_and_request_id(
    client, strategy_data, caplog
):
    caplog.handler.addFilter(request_id_filter())
    caplog.set_level(logging.INFO, logger="eoi.offers.views")
    client.post(reverse("eoi:start"))
    answer_all(client, "accommodation")

    given = str(uuid.uuid4())
    response = client.post(reverse("eoi:check-answers"), HTTP_X_REQUEST_ID=given)

    submitted = [r for r in caplog.records if "submitted" in r.getMessage()]
    assert len(submitted) == 1
    assert submitted[0].offer_reference.startswith("EOI-")
    assert submitted[0].request_id == given == response["X-Request-ID"]


def logging_settings(settings_module, **env):
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps(settings.LOGGING['handlers']['console']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "LOG_FORMAT"},
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": settings_module,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_lines_by_default_json_in_production():
    assert logging_settings("leicester_sl.settings.base")["formatter"] == "plain"
    assert logging_settings("leicester_sl.settings.production")["formatter"] == "json"
    assert logging_settings("leicester_sl.settings.base", LOG_FORMAT="json")["formatter"] == "json"


def test_status_changes_are_logged_with_the_offer_reference(caplog, strategy_data):
    from eoi.triage import services as triage
    from eoi.roles import COMMISSIONERS
    from tests.eoi.factories import staff, submitted_offer

    offer = submitted_offer()
    with caplog.at_level("INFO", logger="eoi.triage.services"):
        triage.offer_transition(
            offer=offer, name="start_triage", actor=staff("chris", COMMISSIONERS)
        )

    record = next(r for r in caplog.records if r.name == "eoi.triage.services")
    assert record.offer_reference == offer.reference
    assert record.transition == "start_triage"
