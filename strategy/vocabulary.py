"""The offer document's vocabulary, as Django choices.

The enumerations themselves live in ``eoi.offer_document`` (plain Python, the
one source for the JSON format); the strategy's demand lines and framework lots
use the same codes.
"""
from eoi import offer_document as doc


def _choices(enum):
    return [(member.value, member.label) for member in enum]


def client_group_choices():
    return _choices(doc.ClientGroup)


def configuration_choices():
    return _choices(doc.Configuration)
