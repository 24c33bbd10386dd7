"""Staff roles as Django groups, and the permissions each holds.

Commissioners triage offers and keep the strategy's data up to date (and
publish forecast versions); the placement team reads; administrators may do everything. ``roles_sync`` makes
the groups match this table, so it is safe to run on every deploy.
"""

from django.contrib.auth.models import Group, Permission

STRATEGY_MODELS = [
    "forecastversion",
    "demandgroup",
    "demandline",
    "phase",
    "pipelinescheme",
    "deliveryrecord",
    "supplyallocation",
    "versionfigure",
    "existingprovision",
    "decision",
    "ward",
    "frameworklot",
    "referencevalue",
]

COMMISSIONERS = "Commissioners"
PLACEMENT_TEAM = "Placement team"
ADMINISTRATORS = "Administrators"


def _codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


OFFER_RECORDS = [
    "statuschange",
    "screening",
    "informationrequest",
    "acceptance",
    "attachment",
    "meeting",
    "statustarget",
    "milestone",
    "milestonetranche",
    "deliverylink",
]

# What the council is about to buy, and the documents published with it.
OPPORTUNITY_MODELS = ["opportunity", "opportunitydocument"]
# Providers' questions about them: staff answer and publish (never add them).
OPPORTUNITY_QUESTION = ["opportunityquestion"]

ROLES = {
    COMMISSIONERS: _codenames(["view", "add", "change"], STRATEGY_MODELS)
    # Put a forecast version on the public pages, or take it off.
    + ["publish_forecastversion"]
    + _codenames(["view", "change"], ["offer"])
    + ["triage_offer", "view_offernote", "add_offernote", "view_routingrule"]
    + _codenames(["view"], OFFER_RECORDS)
    # Confirm the actual dates providers report; link delivery records to offers.
    + ["confirm_milestone", "add_deliverylink"]
    # The outbox (django-post-office): see what was emailed.
    + ["view_email"]
    # Opportunities: write them, publish and close them.
    + _codenames(["view", "add", "change"], OPPORTUNITY_MODELS)
    + ["publish_opportunity"]
    # Questions about opportunities: answer and publish them.
    + _codenames(["view", "change"], OPPORTUNITY_QUESTION),
    PLACEMENT_TEAM: _codenames(["view"], STRATEGY_MODELS + ["offer", "offernote"] + OFFER_RECORDS)
    + _codenames(["view"], OPPORTUNITY_MODELS + OPPORTUNITY_QUESTION),
    ADMINISTRATORS: _codenames(["view", "add", "change", "delete"], STRATEGY_MODELS)
    + ["publish_forecastversion"]
    + _codenames(["view", "change"], ["offer"])
    + ["triage_offer", "view_offernote", "add_offernote"]
    + _codenames(["view", "add", "change", "delete"], ["routingrule"])
    + ["change_statustarget"]
    + _codenames(["view"], OFFER_RECORDS)
    + ["confirm_milestone", "add_deliverylink"]
    # Staff sign-in: see and remove others' second-factor devices; see and
    # clear lockouts.
    + _codenames(["view", "delete"], ["totpdevice", "accessattempt"])
    # The outbox: see emails and their delivery logs, fix and resend them.
    + _codenames(["view", "change"], ["email"])
    + ["view_log"]
    + _codenames(["view", "add", "change", "delete"], OPPORTUNITY_MODELS)
    + ["publish_opportunity"]
    + _codenames(["view", "change", "delete"], OPPORTUNITY_QUESTION),
}


def roles_sync() -> dict[str, Group]:
    """Create the role groups and set exactly the permissions of ``ROLES``."""
    groups = {}
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label__in=["strategy", "eoi", "otp_totp", "axes", "post_office"],
            codename__in=codenames,
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups
