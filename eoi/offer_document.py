"""The offer document: one offer as one JSON object (docs/offer-format.md).

The web form, ``import_offers``, ``screen_offer``, the export and the tests all
speak this format. This module turns the raw JSON value into frozen
dataclasses (:func:`parse_offer`) and back (:func:`offer_to_dict`).

It is pure Python: it imports nothing from Django and does no I/O.

Rules the parser applies:

- Unknown keys at any level are errors, named with their path
  (``scheme.number_of_flats: unknown key``).
- Every problem is collected; :class:`OfferDocumentError` carries all of them.
- Required: ``organisation.name``, ``organisation.type``, ``contact.name``,
  ``contact.email``, ``offer_type`` and ``scheme.client_groups`` (at least
  one). Everything else may be missing or ``null``, which means "not given";
  screening reports it as more information needed where it matters. A blank
  optional text field is also "not given".
- Money is pounds as a decimal string or a number, 0 or more, with at most two
  decimal places, held as :class:`~decimal.Decimal`.
- Dates are ISO, ``YYYY-MM`` or ``YYYY-MM-DD``, in the years 2000 to 2100.
- A postcode that is present but malformed is *not* a parse error: screening
  reports it (screening-rules.md, section 6). A valid one is normalised.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Callable

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
    "Contact",
    "DevelopmentStage",
    "Finance",
    "FrameworkLot",
    "FundingSource",
    "LandlordType",
    "NightCover",
    "OfferDocument",
    "OfferDocumentError",
    "OfferType",
    "Organisation",
    "OrganisationType",
    "Scheme",
    "Support",
    "Tenancy",
    "normalise_postcode",
    "offer_to_dict",
    "parse_offer",
    "postcode_district",
]


# --------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------




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
    ACCOMMODATION = "accommodation", "Accommodation only"
    CARE_AND_SUPPORT = "care_and_support", "Care and support only"
    ACCOMMODATION_AND_SUPPORT = (
        "accommodation_and_support",
        "Accommodation with care and support",
    )


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


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """Who is making the offer."""

    name: str
    type: OrganisationType
    registered_provider_number: str | None = None
    companies_house_number: str | None = None
    charity_number: str | None = None
    cqc_registered: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Contact:
    """The person the council should talk to."""

    name: str
    email: str
    phone: str | None = None
    role: str | None = None


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """The homes offered, or (for care and support only) who it is for.

    ``expected_available`` is a :class:`datetime.date`. A ``YYYY-MM`` value is
    taken as the *last* day of that month ("available by the end of June
    2027"), so an offer is never treated as ready earlier than it said.
    """

    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    ward: str | None = None
    development_stage: DevelopmentStage | None = None
    site_area_hectares: Decimal | None = None
    expected_available: datetime.date | None = None
    configuration: Configuration | None = None
    units: int | None = None
    bedrooms_per_unit: int | None = None
    shared_house_bedrooms: int | None = None
    communal_space: bool | None = None
    staff_office: bool | None = None
    wheelchair_accessible_units: int | None = None
    fully_adapted_units: int | None = None
    client_groups: tuple[ClientGroup, ...]
    residents_have_eligible_care_needs: bool | None = None

    @property
    def gives_address(self) -> bool:
        """True when the scheme says where it is (address, postcode or ward)."""
        return any(v is not None for v in (self.address, self.postcode, self.ward))


@dataclass(frozen=True, kw_only=True)
class Finance:
    """Landlord, tenancy, rent and charges (pounds a week), and capital."""

    landlord_type: LandlordType | None = None
    landlord_provides_care_support_or_supervision: bool | None = None
    tenancy: Tenancy | None = None
    tenancy_conditional_on_support_provider: bool | None = None
    weekly_core_rent: Decimal | None = None
    weekly_eligible_service_charge: Decimal | None = None
    weekly_ineligible_charge: Decimal | None = None
    capital_cost: Decimal | None = None
    funding_sources: tuple[FundingSource, ...] = ()
    right_to_buy_receipts_requested: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class Support:
    """The care and support model and its costs."""

    provider_on_framework: bool | None = None
    framework_lots: tuple[FrameworkLot, ...] = ()
    individual_hours_per_person_per_week: Decimal | None = None
    shared_core_hours_per_week: Decimal | None = None
    night_cover: NightCover | None = None
    hourly_rate: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class OfferDocument:
    """One offer. ``finance`` and ``support`` are ``None`` when omitted."""

    organisation: Organisation
    contact: Contact
    offer_type: OfferType
    scheme: Scheme
    finance: Finance | None = None
    support: Support | None = None
    notes: str | None = None

    @property
    def includes_accommodation(self) -> bool:
        """True for ``accommodation`` and ``accommodation_and_support``."""
        return self.offer_type in (
            OfferType.ACCOMMODATION,
            OfferType.ACCOMMODATION_AND_SUPPORT,
        )

    @property
    def includes_support(self) -> bool:
        """True for ``care_and_support`` and ``accommodation_and_support``."""
        return self.offer_type in (
            OfferType.CARE_AND_SUPPORT,
            OfferType.ACCOMMODATION_AND_SUPPORT,
        )


class OfferDocumentError(ValueError):
    """The document is not a valid offer.

    ``errors`` is a list of ``(path, message)`` pairs, e.g.
    ``("scheme.number_of_flats", "unknown key")``. ``str()`` gives one line per
    problem, ``"path: message"``.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


# --------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------

# The standard UK postcode pattern (outward code, a space, inward code).
_POSTCODE_RE = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?"
    r"|[0-9][A-HJKPS-UW]) [0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: object) -> str | None:
    """Return a UK postcode in upper case with one space, or ``None``.

    ``"le2  1aa"`` gives ``"LE2 1AA"``; anything that is not a valid UK
    postcode (or not a string) gives ``None``.
    """
    if not isinstance(value, str):
        return None
    compact = re.sub(r"\s+", "", value).upper()
    if len(compact) < 5:
        return None
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if _POSTCODE_RE.match(candidate) else None


def postcode_district(value: object) -> str | None:
    """Return the postcode district (outward code), or ``None`` if invalid.

    ``"LE2 1AA"`` gives ``"LE2"``; ``"LE18 4AA"`` gives ``"LE18"``.
    """
    postcode = normalise_postcode(value)
    return postcode.split(" ")[0] if postcode else None


# --------------------------------------------------------------------------
# Field parsers: each takes (value, path, errors) and returns the parsed value
# (or None after recording an error). ``value`` is never None here.
# --------------------------------------------------------------------------

Errors = list[tuple[str, str]]
FieldParser = Callable[[Any, str, Errors], Any]

_DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_MONEY_MESSAGE = "must be an amount in pounds of 0 or more"


def _as_decimal(value: Any) -> Decimal | None:
    """A non-negative finite Decimal from a number or decimal string, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        try:
            number = Decimal(repr(value))
        except InvalidOperation:  # inf and nan
            return None
    elif isinstance(value, str) and _DECIMAL_RE.match(value.strip()):
        number = Decimal(value.strip())
    else:
        return None
    if not number.is_finite() or number < 0:
        return None
    return number


def _money(value: Any, path: str, errors: Errors) -> Decimal | None:
    number = _as_decimal(value)
    if number is None:
        errors.append((path, _MONEY_MESSAGE))
        return None
    try:
        in_pence = number.quantize(Decimal("0.01"))
    except InvalidOperation:  # too many digits to be an amount of money
        in_pence = None
    if in_pence != number:
        errors.append(
            (path, "must be an amount in pounds with at most 2 decimal places")
        )
        return None
    return number


def _hours(value: Any, path: str, errors: Errors) -> Decimal | None:
    number = _as_decimal(value)
    if number is None:
        errors.append((path, "must be a number of hours of 0 or more"))
    return number


def _hectares(value: Any, path: str, errors: Errors) -> Decimal | None:
    number = _as_decimal(value)
    if number is None or number == 0:
        errors.append((path, "must be an area in hectares greater than 0"))
        return None
    return number


def _whole(low: int, high: int) -> FieldParser:
    def parse(value: Any, path: str, errors: Errors) -> int | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append((path, f"must be a whole number from {low} to {high}"))
            return None
        if not low <= value <= high:
            errors.append((path, f"must be a whole number from {low} to {high}"))
            return None
        return value

    return parse


def _text(value: Any, path: str, errors: Errors) -> str | None:
    if not isinstance(value, str):
        errors.append((path, "must be text"))
        return None
    return value.strip() or None


def _boolean(value: Any, path: str, errors: Errors) -> bool | None:
    if not isinstance(value, bool):
        errors.append((path, "must be true or false"))
        return None
    return value


def _email(value: Any, path: str, errors: Errors) -> str | None:
    text = _text(value, path, errors)
    if text is not None and (len(text) > 254 or not _EMAIL_RE.match(text)):
        errors.append((path, "is not a valid email address"))
        return None
    return text


def _postcode(value: Any, path: str, errors: Errors) -> str | None:
    """Normalise a valid postcode; keep a malformed one for screening."""
    text = _text(value, path, errors)
    if text is None:
        return None
    return normalise_postcode(text) or text


def _date(value: Any, path: str, errors: Errors) -> datetime.date | None:
    """Parse ``YYYY-MM`` (the last day of that month) or ``YYYY-MM-DD``."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        parsed: datetime.date | None = value
    else:
        parsed = None
        match = _DATE_RE.match(value.strip()) if isinstance(value, str) else None
        if match:
            year, month = int(match[1]), int(match[2])
            try:
                if match[3]:
                    parsed = datetime.date(year, month, int(match[3]))
                else:
                    parsed = _last_day_of_month(year, month)
            except ValueError:
                parsed = None
    if parsed is None or not 2000 <= parsed.year <= 2100:
        errors.append(
            (path, "must be a date as YYYY-MM or YYYY-MM-DD, in the years 2000 to 2100")
        )
        return None
    return parsed


def _last_day_of_month(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def _one_of(enum: type[LabelledChoices]) -> FieldParser:
    allowed = ", ".join(member.value for member in enum)

    def parse(value: Any, path: str, errors: Errors) -> LabelledChoices | None:
        if isinstance(value, str):
            try:
                return enum(value.strip())
            except ValueError:
                pass
        errors.append((path, f"must be one of: {allowed}"))
        return None

    return parse


def _list_of(enum: type[LabelledChoices], *, non_empty: bool = False) -> FieldParser:
    item_parser = _one_of(enum)

    def parse(value: Any, path: str, errors: Errors) -> tuple | None:
        if not isinstance(value, (list, tuple)):
            errors.append((path, "must be a list"))
            return None
        if non_empty and not value:
            errors.append((path, "must list at least one"))
            return None
        members: list[LabelledChoices] = []
        for index, item in enumerate(value):
            member = item_parser(item, f"{path}[{index}]", errors)
            if member is not None and member not in members:
                members.append(member)
        return tuple(members)

    return parse


# --------------------------------------------------------------------------
# Sections: field name -> (parser, required), in document order.
# --------------------------------------------------------------------------

Spec = dict[str, tuple[FieldParser, bool]]

_ORGANISATION: Spec = {
    "name": (_text, True),
    "type": (_one_of(OrganisationType), True),
    "registered_provider_number": (_text, False),
    "companies_house_number": (_text, False),
    "charity_number": (_text, False),
    "cqc_registered": (_boolean, False),
}
_CONTACT: Spec = {
    "name": (_text, True),
    "email": (_email, True),
    "phone": (_text, False),
    "role": (_text, False),
}
_SCHEME: Spec = {
    "name": (_text, False),
    "address": (_text, False),
    "postcode": (_postcode, False),
    "ward": (_text, False),
    "development_stage": (_one_of(DevelopmentStage), False),
    "site_area_hectares": (_hectares, False),
    "expected_available": (_date, False),
    "configuration": (_one_of(Configuration), False),
    "units": (_whole(1, 500), False),
    "bedrooms_per_unit": (_whole(1, 10), False),
    "shared_house_bedrooms": (_whole(1, 20), False),
    "communal_space": (_boolean, False),
    "staff_office": (_boolean, False),
    "wheelchair_accessible_units": (_whole(0, 500), False),
    "fully_adapted_units": (_whole(0, 500), False),
    "client_groups": (_list_of(ClientGroup, non_empty=True), True),
    "residents_have_eligible_care_needs": (_boolean, False),
}
_FINANCE: Spec = {
    "landlord_type": (_one_of(LandlordType), False),
    "landlord_provides_care_support_or_supervision": (_boolean, False),
    "tenancy": (_one_of(Tenancy), False),
    "tenancy_conditional_on_support_provider": (_boolean, False),
    "weekly_core_rent": (_money, False),
    "weekly_eligible_service_charge": (_money, False),
    "weekly_ineligible_charge": (_money, False),
    "capital_cost": (_money, False),
    "funding_sources": (_list_of(FundingSource), False),
    "right_to_buy_receipts_requested": (_money, False),
}
_SUPPORT: Spec = {
    "provider_on_framework": (_boolean, False),
    "framework_lots": (_list_of(FrameworkLot), False),
    "individual_hours_per_person_per_week": (_hours, False),
    "shared_core_hours_per_week": (_hours, False),
    "night_cover": (_one_of(NightCover), False),
    "hourly_rate": (_money, False),
}
_SECTIONS = ("organisation", "contact", "offer_type", "scheme")
_OPTIONAL_SECTIONS = ("finance", "support", "notes")


def _read(raw: Any, path: str, spec: Spec, errors: Errors) -> dict[str, Any] | None:
    """Check one section's keys and parse its fields."""
    if not isinstance(raw, dict):
        errors.append((path, "must be an object"))
        return None
    for key in raw:
        if key not in spec:
            errors.append((f"{path}.{key}", "unknown key"))
    values: dict[str, Any] = {}
    for name, (parser, required) in spec.items():
        field_path = f"{path}.{name}"
        value = raw.get(name)
        parsed = None if value is None else parser(value, field_path, errors)
        blank = value is None or (isinstance(value, str) and not value.strip())
        if required and blank:
            errors.append((field_path, "is required"))
        values[name] = parsed
    return values


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    """Drop ``None`` so the dataclass defaults ("not given") apply."""
    return {key: value for key, value in values.items() if value is not None}


def parse_offer(data: object) -> OfferDocument:
    """Parse and validate an offer document; raise :class:`OfferDocumentError`.

    Every problem is collected before raising, each as ``(path, message)``.
    """
    errors: Errors = []
    if not isinstance(data, dict):
        raise OfferDocumentError([("offer", "must be a JSON object")])
    for key in data:
        if key not in _SECTIONS + _OPTIONAL_SECTIONS:
            errors.append((key, "unknown key"))

    sections: dict[str, dict[str, Any] | None] = {}
    for name, spec in (
        ("organisation", _ORGANISATION),
        ("contact", _CONTACT),
        ("scheme", _SCHEME),
    ):
        if data.get(name) is None:
            errors.append((name, "is required"))
            sections[name] = None
        else:
            sections[name] = _read(data[name], name, spec, errors)
    for name, spec in (("finance", _FINANCE), ("support", _SUPPORT)):
        raw = data.get(name)
        sections[name] = None if raw is None else _read(raw, name, spec, errors)

    offer_type = None
    if data.get("offer_type") is None:
        errors.append(("offer_type", "is required"))
    else:
        offer_type = _one_of(OfferType)(data["offer_type"], "offer_type", errors)
    notes = None
    if data.get("notes") is not None:
        notes = _text(data["notes"], "notes", errors)

    scheme = sections["scheme"]
    if scheme is not None and scheme["units"] is not None:
        for name in ("wheelchair_accessible_units", "fully_adapted_units"):
            if scheme[name] is not None and scheme[name] > scheme["units"]:
                errors.append(
                    (
                        f"scheme.{name}",
                        f"cannot be more than the number of units ({scheme['units']})",
                    )
                )

    if errors:
        raise OfferDocumentError(errors)
    finance, support = sections["finance"], sections["support"]
    return OfferDocument(
        organisation=Organisation(**_without_none(sections["organisation"])),
        contact=Contact(**_without_none(sections["contact"])),
        offer_type=offer_type,
        scheme=Scheme(**_without_none(scheme)),
        finance=None if finance is None else Finance(**_without_none(finance)),
        support=None if support is None else Support(**_without_none(support)),
        notes=notes,
    )


# --------------------------------------------------------------------------
# Back to JSON
# --------------------------------------------------------------------------

_MONEY_FIELDS = frozenset(
    {
        "weekly_core_rent",
        "weekly_eligible_service_charge",
        "weekly_ineligible_charge",
        "capital_cost",
        "right_to_buy_receipts_requested",
        "hourly_rate",
    }
)


def _json_value(name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_json_value(name, item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if name in _MONEY_FIELDS:
            return f"{value.quantize(Decimal('0.01')):f}"
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _section_dict(section: Any) -> dict[str, Any]:
    return {
        field.name: _json_value(field.name, getattr(section, field.name))
        for field in fields(section)
    }


def offer_to_dict(offer: OfferDocument) -> dict[str, Any]:
    """Return the offer as a JSON-ready document (the inverse of parsing).

    Money is a string with two decimal places, dates are ``YYYY-MM-DD``, areas
    and hours are numbers. Omitted sections (``finance``, ``support``) are left
    out; fields not given are ``null``.
    """
    document: dict[str, Any] = {
        "organisation": _section_dict(offer.organisation),
        "contact": _section_dict(offer.contact),
        "offer_type": offer.offer_type.value,
        "scheme": _section_dict(offer.scheme),
    }
    if offer.finance is not None:
        document["finance"] = _section_dict(offer.finance)
    if offer.support is not None:
        document["support"] = _section_dict(offer.support)
    document["notes"] = offer.notes
    return document
