"""Answers to every step of the offer journey, as a browser would post them.

They make the same offer as the shared example
``01-mental-health-step-down.json`` (accommodation only), and, with
:data:`SUPPORT`, offers that include care and support.
"""

from django.urls import reverse

ORGANISATION = {
    "name": "Example Housing Association",
    "type": "registered_provider",
    "registered_provider_number": "4567",
    "companies_house_number": "",
    "charity_number": "",
    "cqc_registered": "no",
}
CONTACT = {
    "name": "A. Person",
    "email": "a.person@example.org",
    "phone": "0116 000 0000",
    "role": "Development manager",
}
SCHEME = {
    "name": "Example Court",
    "address": "1 Example Street, Leicester",
    "postcode": "le2 1aa",
    "ward": "Castle",
    "development_stage": "planning_granted",
    "site_area_hectares": "0.6",
    "expected_available_0": "6",
    "expected_available_1": "2027",
}
CONFIGURATION = {
    "configuration": "self_contained_core_and_cluster",
    "units": "12",
    "bedrooms_per_unit": "1",
    "shared_house_bedrooms": "",
    "communal_space": "yes",
    "staff_office": "yes",
    "wheelchair_accessible_units": "2",
    "fully_adapted_units": "1",
}
CLIENT_GROUPS = {
    "client_groups": ["mental_health"],
    "residents_have_eligible_care_needs": "yes",
}
RENT = {
    "landlord_type": "registered_provider",
    "landlord_provides_care_support_or_supervision": "yes",
    "tenancy": "assured",
    "tenancy_conditional_on_support_provider": "no",
    "weekly_core_rent": "150.00",
    "weekly_eligible_service_charge": "35",
    "weekly_ineligible_charge": "£15",
}
SUPPORT = {
    "provider_on_framework": "yes",
    "framework_lots": ["recovery"],
    "individual_hours_per_person_per_week": "10",
    "shared_core_hours_per_week": "112",
    "night_cover": "sleep_in",
    "hourly_rate": "24.10",
}
FUNDING = {
    "capital_cost": "£2,400,000",
    "funding_sources": ["homes_england", "own_resources"],
    "right_to_buy_receipts_requested": "0",
}
ATTACHMENTS = {"notes": ""}

BY_STEP = {
    "organisation": ORGANISATION,
    "contact": CONTACT,
    "scheme": SCHEME,
    "configuration": CONFIGURATION,
    "client-groups": CLIENT_GROUPS,
    "rent": RENT,
    "support": SUPPORT,
    "funding": FUNDING,
    "attachments": ATTACHMENTS,
}


def answers_for(offer_type: str) -> dict[str, dict]:
    """The POST data of each step, with the offer type chosen."""
    return {**BY_STEP, "offer-type": {"offer_type": offer_type}}


def answer_all(client, offer_type: str) -> list[str]:
    """Answer each step in the order the journey leads, from the first to
    check answers; return the steps seen."""
    answers = answers_for(offer_type)
    seen = []
    url = reverse("eoi:step", args=["organisation"])
    while url != reverse("eoi:check-answers"):
        slug = url.strip("/").split("/")[-1]
        assert client.get(url).status_code == 200, slug
        response = client.post(url, {**answers[slug], "continue": ""})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        seen.append(slug)
        url = response.url
    return seen
