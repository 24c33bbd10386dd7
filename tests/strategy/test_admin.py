"""Staff keep the strategy's data up to date in Django admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM, roles_sync
from strategy import selectors
from strategy.models import DemandLine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def staff_user(username, role):
    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    user.groups.add(roles_sync()[role])
    return user


def line_form_data(line, **changes):
    data = {
        "group": line.group_id,
        "cohort": line.cohort,
        "public_name": line.public_name,
        "public_name_source": line.public_name_source,
        "public_name_dated": line.public_name_dated or "",
        "net_units": line.net_units,
        "rationale": line.rationale,
        "best_fit": line.best_fit,
        "client_groups": line.client_groups,
        "configurations": line.configurations,
        "size_min": line.size_min or "",
        "size_max": line.size_max or "",
        "shared_house_max_bedrooms": line.shared_house_max_bedrooms or "",
        "is_tbc": "on" if line.is_tbc else "",
        "order": line.order,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_commissioner_edits_a_demand_line_and_the_totals_follow(client):
    commissioner = staff_user("chris", COMMISSIONERS)
    client.force_login(commissioner)
    line = DemandLine.objects.get(
        cohort__startswith="Care leavers", group__version__is_current=True
    )
    url = reverse("admin:strategy_demandline_change", args=[line.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, line_form_data(line, net_units=15))

    assert response.status_code == 302, response.content.decode()[:2000]
    version = selectors.forecast_version_current()
    position = selectors.demand_balance_for(version=version, on=datetime.date(2026, 12, 1))
    summary = selectors.strategy_summary(version=version, position=position)
    assert summary.demand_total == 551 + 4
    assert summary.young_people_total == 23 + 4
    assert position.line(line.pk).unmet == 15
    latest = line.history.latest()
    assert latest.history_user == commissioner
    assert latest.net_units == 15


def test_admin_refuses_an_unknown_client_group_next_to_the_field(client):
    client.force_login(staff_user("chris", COMMISSIONERS))
    line = DemandLine.objects.get(
        cohort__startswith="Care leavers", group__version__is_current=True
    )
    url = reverse("admin:strategy_demandline_change", args=[line.pk])

    response = client.post(url, line_form_data(line, client_groups=["pensioners"]))

    assert response.status_code == 200
    assert "pensioners is not one of the available choices" in response.content.decode()
    line.refresh_from_db()
    assert line.client_groups == ["care_leavers"]


def test_placement_team_can_read_but_not_change_the_strategy(client):
    client.force_login(staff_user("pat", PLACEMENT_TEAM))
    line = DemandLine.objects.get(
        cohort__startswith="Care leavers", group__version__is_current=True
    )
    url = reverse("admin:strategy_demandline_change", args=[line.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, line_form_data(line, net_units=99))

    assert response.status_code == 403
    line.refresh_from_db()
    assert line.net_units == 11


def test_admin_requires_a_staff_login(client):
    response = client.get(reverse("admin:strategy_demandline_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_demo_accounts_are_created_with_their_roles(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("setup_demo_accounts", verbosity=0)

    commissioner = get_user_model().objects.get(username="commissioner")

    assert commissioner.has_perm("strategy.change_demandline")
    assert (
        not get_user_model()
        .objects.get(username="placement")
        .has_perm("strategy.change_demandline")
    )


def delivery_form_data(record, allocations):
    data = {
        "version": record.version_id,
        "description": record.description,
        "units": record.units,
        "sites": record.sites,
        "delivered_on": record.delivered_on.isoformat(),
        "source": record.source,
        "allocations-TOTAL_FORMS": len(allocations),
        "allocations-INITIAL_FORMS": 0,
        "allocations-MIN_NUM_FORMS": 0,
        "allocations-MAX_NUM_FORMS": 1000,
    }
    for index, (line, units) in enumerate(allocations):
        data[f"allocations-{index}-demand_line"] = line.pk
        data[f"allocations-{index}-units"] = units
    return data


def test_a_commissioner_attributes_part_of_a_delivery_to_a_line(client):
    from strategy.models import DeliveryRecord

    client.force_login(staff_user("chris", COMMISSIONERS))
    version = selectors.forecast_version_current()
    record = DeliveryRecord.objects.get(version=version)
    line = DemandLine.objects.get(group__version=version, cohort__startswith="Mental health")
    url = reverse("admin:strategy_deliveryrecord_change", args=[record.pk])

    response = client.post(url, delivery_form_data(record, [(line, 10)]))

    assert response.status_code == 302, response.content.decode()[:3000]
    position = selectors.demand_balance_for(version=version, on=datetime.date(2026, 12, 1))
    assert position.line(line.pk).unmet == 27 - 10
    assert position.unattributed.delivered == 46
    assert position.unmet_total == 473
    assert record.allocations.get().history.latest().history_user.username == "chris"


def test_attribution_is_refused_beyond_the_units_or_to_another_versions_line(client):
    from strategy.models import DeliveryRecord

    client.force_login(staff_user("chris", COMMISSIONERS))
    version = selectors.forecast_version_current()
    record = DeliveryRecord.objects.get(version=version)
    mine = DemandLine.objects.get(group__version=version, cohort__startswith="Mental health")
    other = DemandLine.objects.get(
        group__version__slug="2021-plan", cohort__startswith="Mental health"
    )
    url = reverse("admin:strategy_deliveryrecord_change", args=[record.pk])

    too_many = client.post(url, delivery_form_data(record, [(mine, 57)]))
    elsewhere = client.post(url, delivery_form_data(record, [(other, 5)]))

    assert too_many.status_code == 200
    assert "Only 56 of its units are left to attribute." in too_many.content.decode()
    assert elsewhere.status_code == 200
    assert "Choose a demand line of the same forecast version." in elsewhere.content.decode()
    assert not record.allocations.exists()


def test_no_one_deletes_a_ward_in_the_admin(client):
    """A ward chosen by row elsewhere (an opportunity's wards, the wards of an
    alert subscription) would vanish from the choice without a word: a choice
    of one ward would become every ward."""
    from strategy.models import Ward

    admin_user = get_user_model().objects.create_superuser(
        username="root", password="a-long-test-password"
    )
    client.force_login(admin_user)
    ward = Ward.objects.order_by("name").first()

    response = client.post(reverse("admin:strategy_ward_delete", args=[ward.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Ward.objects.filter(pk=ward.pk).exists()
