"""Fuzzing (hypothesis): generated offer documents to the parser and the
screening, generated form posts to every step of the journey.

The documents are the example offers, mutated: valid ones, near-valid ones
(a value out of range, a key missing or unknown) and hostile ones (wrong
types, control characters, formulae, huge numbers, deep nesting). The only
exception allowed is the documented ``OfferDocumentError``. Runs are
derandomised, so CI sees the same examples every time.
"""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.test import Client
from django.urls import reverse

from eoi.offers import journey
from eoi.models import OfferDraft
from eoi.offers.document import OfferDocumentError, parse_offer
from eoi.screening import screen
from tests.eoi.journey_answers import answer_all
from tests.eoi.test_screening import make_context
from tests.support.examples import example_files

EXAMPLES = [json.loads(path.read_text())["offer"] for path in example_files()]
CONTEXT = make_context()

HOSTILE_TEXT = [
    "",
    " ",
    "=1+1",
    "\x00",
    "a\r\nb",
    "\u202e",
    "😀" * 50,
    "x" * 5000,
    "<script>",
    "'; DROP TABLE eoi_offer; --",
    "NaN",
    "1e309",
    "-0",
]
HOSTILE_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    -(2**63),
    10**30,
    0.5,
    -0.5,
    1e308,
    float("inf"),
    float("nan"),
    [],
    {},
    [None],
    [[]],
    {"": None},
    {"a": {"b": {"c": [1, "x"]}}},
    ["accommodation"],
    ["x" * 100] * 50,
    "2027-06",
    "2027-13",
    "0000-00",
    "9999-12",
    "LE1 1AA",
    "le11aa",
    "castle",
    "Castle",
    "mental_health",
    *HOSTILE_TEXT,
]
DOCUMENTS_PER_EXAMPLE = 20
EXAMPLES_RUN = 500  # 500 x 20 = 10,000 documents


def paths(document, prefix=()):
    """Every path to a value in the document."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def mutated(random) -> object:
    """One document: an example with 0-4 changes (valid, near-valid or
    hostile), or now and then something that is not an offer at all."""
    if random.random() < 0.02:
        return random.choice(HOSTILE_VALUES)
    document = copy.deepcopy(random.choice(EXAMPLES))
    for _ in range(random.randint(0, 4)):
        all_paths = list(paths(document))
        if not all_paths:
            break
        path = random.choice(all_paths)
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = random.choice(["replace", "replace", "delete", "add", "nudge"])
        value = parent[path[-1]]
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(random.choice(HOSTILE_VALUES))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "nudge" and isinstance(value, (int, float)) and not isinstance(value, bool):
            parent[path[-1]] = value + random.choice([-1, 1, -value, value * 1000])
        elif isinstance(parent, dict):
            parent[random.choice(["extra", "", "\x00", path[-1] + "_"])] = random.choice(
                HOSTILE_VALUES
            )
    return document


@settings(
    max_examples=EXAMPLES_RUN,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.randoms(use_true_random=False))
def test_the_parser_and_the_screening_take_any_document(random):
    for _ in range(DOCUMENTS_PER_EXAMPLE):
        document = mutated(random)
        try:
            offer = parse_offer(document)
        except OfferDocumentError:
            continue
        screen(offer, CONTEXT)


def test_the_fuzzing_reaches_valid_near_valid_and_hostile_documents():
    import random as random_module

    outcomes = {"valid": 0, "refused": 0}
    generator = random_module.Random(0)
    for _ in range(500):
        try:
            parse_offer(mutated(generator))
            outcomes["valid"] += 1
        except OfferDocumentError:
            outcomes["refused"] += 1
    assert outcomes["valid"] > 50 and outcomes["refused"] > 50, outcomes


# --------------------------------------------------------------------------
# Form posts to every step
# --------------------------------------------------------------------------

STEPS = [step for step in journey.STEPS]
form_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.integers(-10, 10**12).map(str),
    st.sampled_from(
        ["yes", "no", "on", "accommodation", "registered_provider", "2027", "13", "0.5"]
    ),
)


@pytest.fixture(scope="module")
def answered(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("loaddata", "strategy", verbosity=0)
        client = Client()
        client.post(reverse("eoi:start"))
        answer_all(client, "accommodation_and_support")
        yield client
        OfferDraft.objects.all().delete()


@pytest.mark.django_db
@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_any_form_post_to_any_step_is_answered_and_never_half_saved(answered, data):
    step = data.draw(st.sampled_from(STEPS))
    names = list(step.form_class.base_fields)
    fields = data.draw(
        st.dictionaries(
            st.sampled_from(
                names
                + [f"{n}_0" for n in names]
                + [f"{n}_1" for n in names]
                + ["continue", "save_and_exit", "upload"]
            ),
            form_values,
            max_size=len(names) + 2,
        )
    )
    draft = OfferDraft.objects.get()
    before = copy.deepcopy(draft.answers)

    response = answered.post(reverse("eoi:step", args=[step.slug]), fields)

    assert response.status_code in (200, 302, 400, 429)
    draft.refresh_from_db()
    if response.status_code != 302:
        assert draft.answers == before  # a refused page saves nothing
    elif step.slug in draft.answers:
        stored = draft.answers[step.slug]
        assert step.form_class.from_answers(stored, draft=draft).is_valid() or stored == before.get(
            step.slug
        )
