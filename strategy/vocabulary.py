"""The offer document's vocabulary, as Django choices.

The enumerations themselves live in ``eoi.offer_document`` (plain Python, the
one source for the JSON format); the strategy's demand lines, framework lots
and the offer model all use the same codes. Functions, not lists, so that
migrations refer to them rather than copying the labels.
"""
from eoi import offer_document as doc


def choices_of(enum):
    return [(member.value, member.label) for member in enum]


def client_group_choices():
    return choices_of(doc.ClientGroup)


def configuration_choices():
    return choices_of(doc.Configuration)


def funding_source_choices():
    return choices_of(doc.FundingSource)


def framework_lot_choices():
    return choices_of(doc.FrameworkLot)
