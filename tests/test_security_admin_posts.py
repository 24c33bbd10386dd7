"""Every admin URL, as every staff role: a POST changes only what the role may
change, and nothing answers 500.

The URLs come from the project's URL resolver, not a list written here, so a
new admin page is attacked as soon as it exists. Each URL is read first and
its form sent back with every editable value changed (as an attacker would
send the history page's form), then each of the model's actions is tried on
every row.
"""

import html.parser
import re

import pytest
from django.apps import apps
from django.contrib.admin.options import ModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from eoi.triage import services as triage
from eoi.models import Attachment, Offer
from eoi.roles import ADMINISTRATORS, COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage.statuses import TERMINAL
from strategy.models import DemandLine
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

# Rows that every visit writes (sessions, sign-in records): not data.
NOT_DATA = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
ODD_TRANSITIONS = ["accept", "nonsense", "delete", "__init__"]


# --------------------------------------------------------------------------
# The URLs
# --------------------------------------------------------------------------


def admin_patterns():
    """(route text, pattern) for every URL under /admin/, from the resolver."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    return [
        (route, p)
        for route, p in walk(get_resolver().url_patterns, "")
        if route.startswith("admin/")
    ]


def model_admin_of(pattern) -> ModelAdmin | None:
    view = pattern.callback
    while view is not None:
        if isinstance(getattr(view, "model_admin", None), ModelAdmin):
            return view.model_admin
        if isinstance(getattr(view, "__self__", None), ModelAdmin):
            return view.__self__
        view = getattr(view, "__wrapped__", None)
    return None


def sample_rows(model):
    rows = list(model._default_manager.order_by("pk"))
    if model is Offer:  # an open and a decided offer
        return [o for o in rows if o.status not in TERMINAL][:1] + [
            o for o in rows if o.status in TERMINAL
        ][:1]
    return rows[:1]


def concrete_paths(route, pattern, users):
    """The route with its parameters filled in from real rows."""
    model_admin = model_admin_of(pattern)
    model = model_admin.model if model_admin else None
    rows = sample_rows(model) if model else []
    path = "/" + re.sub(r"(^|/)\^", r"\1", route).removesuffix("$")
    if "(?P<app_label>" in path:
        return [f"/admin/{label}/" for label in ("auth", "strategy", "eoi", "post_office")]
    if "(?P<url>" in path:
        return ["/admin/no-such-page/"]
    if "<path:content_type_id>" in path:
        offer = Offer.objects.first()
        return [f"/admin/r/{ContentType.objects.get_for_model(Offer).pk}/{offer.pk}/"]
    if "<id>" in path:
        return [path.replace("<id>", str(user.pk)) for user in users]
    if "(?P<content_id>" in path:
        return [
            re.sub(r"\(\?P<pk>[^)]*\)/image/.*", f"{row.pk}/image/{'0' * 32}", path) for row in rows
        ]
    if "<int:pk>" in path:
        if "attachment" in path:
            rows = list(Attachment.objects.filter(offer__isnull=False)[:1])
        return [path.replace("<int:pk>", str(row.pk)) for row in rows]
    if "([^/]+)/history/([^/]+)/" in path:
        paths = []
        for row in rows:
            for version in row.history.order_by("history_id")[:1]:
                paths.append(
                    path.replace(
                        "([^/]+)/history/([^/]+)/",
                        f"{row.pk}/history/{version.history_id}/",
                    )
                )
        return paths
    if "<path:object_id>" in path:
        names = [*triage.TRANSITIONS, *ODD_TRANSITIONS] if "<str:name>" in path else [""]
        # "Correct an answer": a number and a site answer (eoi.triage.admin.corrections).
        questions = ["scheme.units", "scheme.postcode"] if "<str:question_path>" in path else [""]
        return [
            path.replace("<path:object_id>", str(row.pk))
            .replace("<str:name>", name)
            .replace("<str:question_path>", question)
            for row in rows
            for name in names
            for question in questions
        ]
    if "<" in path or "(" in path:
        raise AssertionError(f"No way to fill in {route}: teach concrete_paths")
    return [path]


# --------------------------------------------------------------------------
# Forms: read one, send it back with every value changed
# --------------------------------------------------------------------------


class FormReader(html.parser.HTMLParser):
    """The fields of the page's main form, as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def changed(name, value):
    if name in ("csrfmiddlewaretoken", "action", "post") or name.endswith(
        ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    ):
        return value
    if re.fullmatch(r"-?\d+", value or ""):
        return str(max(int(value) - 13, 0))
    return (value or "") + " changed"


def form_post_data(response, *, change=True) -> dict:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return {"_save": ["Save"]}
    reader = FormReader()
    reader.feed(response.content.decode(errors="replace"))
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(changed(name, value) if change else value)
    data["_save"] = ["Save"]
    return data


# --------------------------------------------------------------------------
# The data, and what changed
# --------------------------------------------------------------------------


def snapshot(exclude_models=()):
    """Every row of every model, by model label."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_DATA or label in exclude_models:
            continue
        rows[label] = [
            repr(sorted((k, v) for k, v in row.items() if k != "last_login"))
            for row in model._default_manager.order_by("pk").values()
        ]
    return rows


def differences(before, after):
    return {
        label: (before[label], after.get(label))
        for label in before
        if before[label] != after.get(label)
    }


@pytest.fixture
def portal(strategy_data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    administrator = staff("admin-role", ADMINISTRATORS)
    commissioner = staff("chris", COMMISSIONERS)
    placement = staff("pat", PLACEMENT_TEAM)
    open_offer = submitted_offer()
    decided = submitted_offer()
    triage.offer_transition(offer=decided, name="start_triage", actor=commissioner)
    triage.information_request(offer=decided, question="Site area?", actor=commissioner)
    triage.offer_transition(offer=open_offer, name="start_triage", actor=commissioner)
    from django.core.files.base import ContentFile

    attachment = Attachment(
        offer=open_offer,
        kind="site_plan",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=10,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    Offer.objects.filter(pk=decided.pk).update(status="withdrawn")
    line = DemandLine.objects.order_by("pk").first()
    line.net_units += 1
    line.save()  # a second history version to go back to
    return {
        ADMINISTRATORS: administrator,
        COMMISSIONERS: commissioner,
        PLACEMENT_TEAM: placement,
    }


def attack_every_admin_url(user, users):
    """GET and POST every admin URL as ``user``; return the failures."""
    client = Client(raise_request_exception=False)
    failures = []
    for route, pattern in admin_patterns():
        if route in ("admin/logout/",):
            continue
        for path in concrete_paths(route, pattern, users):
            client.force_login(user)
            page = client.get(path)
            if page.status_code >= 500:
                failures.append(f"GET {path}: {page.status_code}")
            if page.status_code == 200:
                # The form as read (on a history page: a revert), then with
                # every value changed.
                attempts = [form_post_data(page, change=False), form_post_data(page)]
            else:
                attempts = [{"_save": "Save"}]
            for data in attempts:
                client.force_login(user)
                response = client.post(path, data)
                if response.status_code >= 500:
                    failures.append(f"POST {path}: {response.status_code}")
            model_admin = model_admin_of(pattern)
            if pattern.name and pattern.name.endswith("_changelist") and model_admin:
                names = [name for name, *_ in (model_admin._get_base_actions())]
                pks = [
                    str(pk)
                    for pk in model_admin.model._default_manager.values_list("pk", flat=True)[:20]
                ]
                for name in names:
                    client.force_login(user)
                    response = client.post(
                        path,
                        {
                            "action": name,
                            "_selected_action": pks,
                            "index": 0,
                            "post": "yes",
                            "apply": "1",
                        },
                    )
                    if response.status_code >= 500:
                        failures.append(f"POST {path} action {name}: {response.status_code}")
    return failures


def test_the_admin_urls_are_found_from_the_resolver():
    routes = [route for route, _ in admin_patterns()]

    assert any("history/([^/]+)" in route for route in routes)
    assert "admin/eoi/offer/export.csv" in routes
    assert len(routes) > 100


def test_as_placement_no_post_anywhere_changes_anything(portal):
    placement = portal[PLACEMENT_TEAM]
    before = snapshot(exclude_models={"otp_totp.totpdevice"})

    failures = attack_every_admin_url(placement, list(portal.values()))

    assert failures == []
    assert differences(before, snapshot(exclude_models={"otp_totp.totpdevice"})) == {}


@pytest.mark.parametrize("role", [COMMISSIONERS, ADMINISTRATORS])
def test_other_roles_change_only_what_they_may(portal, role):
    user = portal[role]
    decided = Offer.objects.get(status__in=TERMINAL)
    routing_before = snapshot(exclude_models=set())
    before_decided = repr(Offer.objects.filter(pk=decided.pk).values().get())

    failures = attack_every_admin_url(user, list(portal.values()))

    assert failures == []
    # A decided offer is a record: no page, revert or action changes it.
    assert repr(Offer.objects.filter(pk=decided.pk).values().get()) == before_decided
    after = snapshot(exclude_models=set())
    # Models the role has no add, change or delete permission on, and which no
    # permitted action writes, are as they were.
    codenames = set(user.get_all_permissions())
    untouchable = [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in ("auth", "eoi", "strategy", "post_office", "otp_totp")
        and not any(
            f"{model._meta.app_label}.{action}_{model._meta.model_name}" in codenames
            for action in ("add", "change", "delete")
        )
        and model._meta.label_lower not in WRITTEN_BY_PERMITTED_ACTIONS
        and not model._meta.model_name.startswith("historical")
    ]
    changes = differences({k: routing_before[k] for k in untouchable}, after)
    assert changes == {}, sorted(changes)


# Records that a permitted change writes as a side effect (a transition's
# status change, screening and emails; an admin change's log entry).
WRITTEN_BY_PERMITTED_ACTIONS = {
    "admin.logentry",
    "eoi.statuschange",
    "eoi.screening",
    "eoi.informationrequest",
    "eoi.acceptance",
    # An accepted offer's milestones (made by "accept"; confirmed by those
    # with eoi.confirm_milestone).
    "eoi.milestone",
    "eoi.milestonetranche",
    "eoi.outboxemail",
    "eoi.offernote",
    "post_office.email",
    "eoi.offertally",  # the dashboard's summary, kept by every offer saved
    "post_office.log",
    "otp_totp.totpdevice",  # their own second factor (/admin/two-factor/)
}


# --------------------------------------------------------------------------
# The history page's revert, as found
# --------------------------------------------------------------------------


def revert(client, obj, version):
    url = reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )
    page = client.get(url)
    return client.post(
        url,
        (form_post_data(page, change=False) if page.status_code == 200 else {"_save": "Save"}),
    )


def test_read_only_staff_cannot_revert_strategy_data(client, portal):
    line = DemandLine.objects.order_by("pk").first()
    earliest = line.history.order_by("history_id").first()
    client.force_login(portal[PLACEMENT_TEAM])
    before = repr(DemandLine.objects.filter(pk=line.pk).values().get())

    response = revert(client, line, earliest)

    assert response.status_code == 403
    assert repr(DemandLine.objects.filter(pk=line.pk).values().get()) == before


def test_commissioners_may_revert_strategy_data_they_may_change(client, portal):
    line = DemandLine.objects.order_by("pk").first()
    earliest = line.history.order_by("history_id").first()
    client.force_login(portal[COMMISSIONERS])

    response = revert(client, line, earliest)

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.net_units == earliest.net_units
    assert line.history.first().history_user == portal[COMMISSIONERS]


@pytest.mark.parametrize("role", [PLACEMENT_TEAM, COMMISSIONERS, ADMINISTRATORS])
def test_no_one_reverts_an_offer(client, portal, role):
    offer = Offer.objects.exclude(status__in=TERMINAL).get()
    earliest = offer.history.order_by("history_id").first()
    client.force_login(portal[role])
    before = repr(Offer.objects.filter(pk=offer.pk).values().get())

    response = revert(client, offer, earliest)

    assert response.status_code == 403
    assert repr(Offer.objects.filter(pk=offer.pk).values().get()) == before
