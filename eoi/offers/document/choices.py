"""The offer document's own enumerations (docs/offer-format.md).

Client groups, configurations, funding sources and framework lots are the
strategy's words and live in ``strategy.vocabulary``; they are re-exported
here so the offer's modules read every choice from one place.
"""

from __future__ import annotations

from strategy.vocabulary import (
    ClientGroup,
    Configuration,
    FrameworkLot,
    FundingSource,
    LabelledChoices,
)

__all__ = [
    "ClientGroup",
    "Configuration",
    "DevelopmentStage",
    "FrameworkLot",
    "FundingSource",
    "LabelledChoices",
    "LandlordType",
    "NightCover",
    "OfferType",
    "OrganisationType",
    "Tenancy",
]


class OrganisationType(LabelledChoices):
    REGISTERED_PROVIDER = (
        "registered_provider",
        "Registered provider of social housing (housing association)",
    )
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHARITY = "charity", "Charity"
    VOLUNTARY_ORGANISATION = (
        "voluntary_organisation",
        "Voluntary or community organisation",
    )
    PRIVATE_DEVELOPER = "private_developer", "Private developer"
    PRIVATE_LANDLORD = "private_landlord", "Private landlord"
    INVESTOR = "investor", "Investor"
    CARE_PROVIDER = "care_provider", "Care and support provider"
    OTHER = "other", "Other"


class OfferType(LabelledChoices):
    """What is offered. The two predicates decide, everywhere, which parts of
    the offer (questions, steps, sections of the summary) apply."""

    ACCOMMODATION = "accommodation", "Accommodation only"
    CARE_AND_SUPPORT = "care_and_support", "Care and support only"
    ACCOMMODATION_AND_SUPPORT = (
        "accommodation_and_support",
        "Accommodation with care and support",
    )

    @property
    def includes_accommodation(self) -> bool:
        """True for ``accommodation`` and ``accommodation_and_support``."""
        return self is not OfferType.CARE_AND_SUPPORT

    @property
    def includes_support(self) -> bool:
        """True for ``care_and_support`` and ``accommodation_and_support``."""
        return self is not OfferType.ACCOMMODATION


class DevelopmentStage(LabelledChoices):
    CONCEPT = "concept", "An idea at concept stage"
    SITE_IDENTIFIED = "site_identified", "A site has been identified"
    PLANNING_SUBMITTED = "planning_submitted", "Planning application submitted"
    PLANNING_GRANTED = "planning_granted", "Planning permission granted"
    UNDER_CONSTRUCTION = "under_construction", "Under construction"
    EXISTING_BUILDING = "existing_building", "An existing building"
    OPEN_MARKET_PURCHASE = (
        "open_market_purchase",
        "Homes to be bought on the open market",
    )


class LandlordType(LabelledChoices):
    REGISTERED_PROVIDER = (
        "registered_provider",
        "Registered provider of social housing (housing association)",
    )
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHARITY = "charity", "Charity"
    VOLUNTARY_ORGANISATION = (
        "voluntary_organisation",
        "Voluntary or community organisation",
    )
    PRIVATE_LANDLORD = "private_landlord", "Private landlord"


class Tenancy(LabelledChoices):
    ASSURED = "assured", "Assured tenancy"
    ASSURED_SHORTHOLD = "assured_shorthold", "Assured shorthold tenancy"
    LICENCE = "licence", "Licence to occupy"
    LEASE = "lease", "Lease"


class NightCover(LabelledChoices):
    NONE = "none", "No night cover"
    SLEEP_IN = "sleep_in", "A sleep-in night"
    WAKING = "waking", "A waking night"
