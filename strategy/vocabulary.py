"""The strategy's vocabulary: who a home is for and what kind of home it is.

Client groups, scheme configurations, funding sources and the framework's
lots are the strategy's words: its demand lines and framework lots are written
in them, and the offer document, the web form, screening, the PDF and the
emails all read them from here. Each member carries its code, the label shown
on forms and in reports, and (for client groups and configurations) the phrase
used inside a sentence ("people with mental health needs").

Plain Python: nothing here imports Django. The ``*_choices`` functions are
functions, not lists, so that migrations refer to them rather than copying the
labels.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ClientGroup",
    "Configuration",
    "FrameworkLot",
    "FundingSource",
    "LabelledChoices",
    "client_group_choices",
    "configuration_choices",
    "framework_lot_choices",
    "funding_source_choices",
    "name_for_providers",
]


class LabelledChoices(StrEnum):
    """A string enumeration whose members carry a plain-English label.

    Members are declared as ``NAME = "value", "Label"`` or, where the member
    is also named inside a sentence, ``NAME = "value", "Label", "phrase"``.
    ``member.label`` is the label, ``member.phrase`` the phrase (the label in
    lower case when none is given) and ``choices()`` gives ``(value, label)``
    pairs for a form field.
    """

    def __new__(cls, value: str, label: str, phrase: str = "") -> LabelledChoices:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        member._phrase = phrase or label[:1].lower() + label[1:]
        return member

    @property
    def label(self) -> str:
        """The human label shown on the web form and in reports."""
        return self._label

    @property
    def phrase(self) -> str:
        """The member as it reads inside a sentence."""
        return self._phrase

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs in declaration order."""
        return [(member.value, member.label) for member in cls]


class ClientGroup(LabelledChoices):
    LEARNING_DISABILITY_AUTISM = (
        "learning_disability_autism",
        "Learning disability and autism",
        "people with a learning disability or autism",
    )
    MENTAL_HEALTH = (
        "mental_health",
        "Mental health",
        "people with mental health needs",
    )
    PHYSICAL_SENSORY = (
        "physical_sensory",
        "Physical and sensory disability",
        "people with a physical or sensory disability",
    )
    OLDER_PEOPLE = "older_people", "Older people", "older people"
    DEMENTIA = "dementia", "People living with dementia", "people living with dementia"
    TRANSFORMING_CARE = (
        "transforming_care",
        "Transforming Care and Ministry of Justice (people leaving hospital)",
        "people in the Transforming Care and Ministry of Justice cohorts",
    )
    YOUNG_PEOPLE_SEND = (
        "young_people_send",
        "Young people with special educational needs and disabilities (SEND)",
        "young people with SEND",
    )
    LOOKED_AFTER_CHILDREN = (
        "looked_after_children",
        "Looked after children aged 16–17",
        "looked after children aged 16–17",
    )
    CARE_LEAVERS = (
        "care_leavers",
        "Care leavers aged 18–25",
        "care leavers aged 18–25",
    )
    RESPITE_COMPLEX_DISABILITIES = (
        "respite_complex_disabilities",
        "Respite for people with complex disabilities",
        "respite for people with complex disabilities",
    )


class Configuration(LabelledChoices):
    SELF_CONTAINED_CORE_AND_CLUSTER = (
        "self_contained_core_and_cluster",
        "Self-contained units in a core and cluster",
        "self-contained units in a core and cluster",
    )
    SELF_CONTAINED_CLUSTER = (
        "self_contained_cluster",
        "Self-contained units in a cluster, without a hub",
        "self-contained units in a cluster",
    )
    SELF_CONTAINED_STANDALONE = (
        "self_contained_standalone",
        "Stand-alone self-contained units",
        "stand-alone self-contained units",
    )
    SHARED_HOUSE = "shared_house", "Shared house", "a shared house"
    EXTRA_CARE = "extra_care", "Extra care housing", "extra care housing"
    OTHER = "other", "Other", "another configuration"


class FundingSource(LabelledChoices):
    HOMES_ENGLAND = "homes_england", "Homes England grant"
    RIGHT_TO_BUY_RECEIPTS = "right_to_buy_receipts", "Right to Buy receipts"
    NHSE = "nhse", "NHS England capital"
    COUNCIL_CAPITAL = "council_capital", "Council capital"
    PRIVATE_INVESTMENT = "private_investment", "Private investment"
    OWN_RESOURCES = "own_resources", "The organisation's own resources"
    OTHER = "other", "Other"


class FrameworkLot(LabelledChoices):
    ENABLEMENT = (
        "enablement",
        "Lot 1: enablement (learning disability, mental health)",
    )
    LIVING_WELL_OLDER_PEOPLE = (
        "living_well_older_people",
        "Lot 2: living well (older people, dementia)",
    )
    LIVING_WELL_PHYSICAL_SENSORY = (
        "living_well_physical_sensory",
        "Lot 3: living well (physical and sensory disability)",
    )
    SPECIALIST = "specialist", "Lot 4: specialist (complex needs)"
    RECOVERY = "recovery", "Lot 5: recovery (complex adult mental health)"


def choices_of(enum):
    return [(member.value, member.label) for member in enum]


def client_group_choices():
    return choices_of(ClientGroup)


def configuration_choices():
    return choices_of(Configuration)


def funding_source_choices():
    return choices_of(FundingSource)


def framework_lot_choices():
    return choices_of(FrameworkLot)


def name_for_providers(public_name: str | None, cohort: str) -> str:
    """A demand line's name wherever providers or the public read it: its public
    name, written for them, or the strategy's cohort where a line (or a
    screening stored before lines had one) has none. The one source of that
    choice: the model, the balance and screening's plain data all ask here."""
    return (public_name or "").strip() or cohort
