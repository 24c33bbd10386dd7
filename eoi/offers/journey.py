"""The offer journey as data: its steps, their order, when each applies, and
which answers build which part of the offer document.

After django-oscar's checkout: a step declares its *preconditions*
(``requires``: steps that must be answered first) and its *skip condition*
(``applies``: a predicate on the answers so far). The views read these; they
hold no branches of their own.

The draft keeps answers by step: ``{"organisation": {"name": ..., ...},
"offer-type": {"offer_type": "accommodation"}, ...}``. Which questions a step
asks, its title and when it applies are the offer's declarations
(``eoi.offer``: each question names its step, each part when it applies);
each answer's place in the offer document (docs/offer-format.md) is its
question's path, so ``document_from_answers`` (``eoi.offers.document.answers``) is a loop: a step that does
not apply to the offer type contributes nothing. A care and support offer
therefore has no ``finance`` section and, of ``scheme``, only the client
groups; an accommodation offer has no ``support``.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import forms
from eoi.offers.document.sections import asked_at
from eoi.offers.document.questions import PART, Part

Answers = Mapping[str, Mapping]

CHECK_ANSWERS = "check-answers"
TASK_LIST = "tasks"


@dataclass(frozen=True)
class Step:
    """One question page of the journey: a part of the offer, asked by its form."""

    part: Part
    section: str  # the task list section it is listed under
    form_class: type[forms.StepForm]
    requires: tuple[str, ...] = ()
    optional: bool = False
    template: str = "eoi/step.html"
    hint: str = ""  # under the task's name in the task list

    @property
    def slug(self) -> str:
        """The URL segment and the key of its answers in the draft."""
        return self.part.slug

    @property
    def title(self) -> str:
        """In the task list, as the page heading, on check answers."""
        return self.part.title

    def applies(self, answers: Answers) -> bool:
        """False when the offer type chosen so far does not need this step."""
        return self.part.applies_to((answers.get("offer-type") or {}).get("offer_type"))

    @property
    def builds(self) -> dict[str, str]:
        """Answer name -> dotted path in the offer document."""
        return {question.name: question.path for question in asked_at(self.slug)}


ABOUT_YOU, THE_OFFER, COSTS, DOCUMENTS = (
    "About you",
    "About the offer",
    "Costs and funding",
    "Plans and other information",
)
AFTER_OFFER_TYPE = ("offer-type",)

STEPS: tuple[Step, ...] = (
    Step(PART["organisation"], ABOUT_YOU, forms.OrganisationForm),
    Step(PART["contact"], ABOUT_YOU, forms.ContactForm),
    Step(PART["offer-type"], THE_OFFER, forms.OfferTypeForm),
    Step(PART["scheme"], THE_OFFER, forms.SchemeForm, AFTER_OFFER_TYPE),
    Step(PART["configuration"], THE_OFFER, forms.ConfigurationForm, AFTER_OFFER_TYPE),
    Step(PART["client-groups"], THE_OFFER, forms.ClientGroupsForm, AFTER_OFFER_TYPE),
    Step(PART["rent"], COSTS, forms.RentForm, AFTER_OFFER_TYPE),
    Step(PART["support"], COSTS, forms.SupportForm, AFTER_OFFER_TYPE),
    Step(PART["funding"], COSTS, forms.FundingForm, AFTER_OFFER_TYPE),
    Step(
        PART["attachments"],
        DOCUMENTS,
        forms.AttachmentsForm,  # its notes; the files travel as attachments
        optional=True,
        template="eoi/step_attachments.html",
        hint="Optional: site plan, floor plans and anything else to tell us",
    ),
)
_BY_SLUG = {step.slug: step for step in STEPS}


def step_named(slug: str) -> Step | None:
    return _BY_SLUG.get(slug)


class Status(enum.Enum):
    """A task's status, in the words of the GOV.UK task list pattern."""

    COMPLETED = "Completed"
    INCOMPLETE = "Incomplete"
    NOT_STARTED = "Not yet started"
    CANNOT_START = "Cannot start yet"

    @property
    def label(self) -> str:
        return self.value


def steps_for(answers: Answers) -> list[Step]:
    """The steps that apply to the offer, in order."""
    return [step for step in STEPS if step.applies(answers)]


def can_start(step: Step, answers: Answers) -> bool:
    return all(slug in answers for slug in step.requires)


def _answers_hash(step: Step, stored: dict) -> str:
    text = json.dumps([step.form_class.__qualname__, stored], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def step_validity_record(draft, step: Step) -> None:
    """Remember whether the step's answers on ``draft``, as stored, are valid
    (checked as :func:`step_status` checks them); the caller saves the draft."""
    stored = draft.answers[step.slug]
    valid = dict(draft.valid_steps or {})
    valid.pop(step.slug, None)
    if step.form_class.from_answers(stored, draft=draft).is_valid():
        valid[step.slug] = _answers_hash(step, stored)
    draft.valid_steps = valid


def _database_answers_hold(step: Step, stored: dict) -> bool:
    """What a step's answers read from the database still holds: each ward
    named is still one of the city's (``eoi.offers.forms.fields.WardField``), read
    from the wards rather than by building the form."""
    from eoi.screening.selectors import city_wards  # the selectors import the forms' models

    named = [
        stored.get(name)
        for name, field in step.form_class.base_fields.items()
        if isinstance(field, forms.fields.WardField) and stored.get(name) is not None
    ]
    return not named or set(named) <= city_wards()


def _valid_when_saved(step: Step, stored: dict, draft) -> bool:
    return (
        draft is not None
        and (draft.valid_steps or {}).get(step.slug) == _answers_hash(step, stored)
        and _database_answers_hold(step, stored)
    )


def step_status(step: Step, answers: Answers, *, draft=None) -> Status:
    """Whether the step can be started, is answered, and its answers still hold.

    Stored answers are checked again with the step's form: an answer the
    rules no longer accept (say, a ward renamed since the draft was saved)
    makes the step Incomplete rather than failing at submission. Answers the
    draft recorded as valid when saved, unchanged since, are not checked
    again: only what they read from the database (the wards) is.
    """
    if not can_start(step, answers):
        return Status.CANNOT_START
    stored = answers.get(step.slug)
    if stored is None:
        return Status.NOT_STARTED
    if _valid_when_saved(step, stored, draft):
        return Status.COMPLETED
    form = step.form_class.from_answers(stored, draft=draft)
    return Status.COMPLETED if form.is_valid() else Status.INCOMPLETE


def is_complete(answers: Answers, *, draft=None) -> bool:
    """True when every step the offer needs has valid answers."""
    return all(
        step.optional or step_status(step, answers, draft=draft) is Status.COMPLETED
        for step in steps_for(answers)
    )


def next_step(step: Step, answers: Answers) -> Step | None:
    """The next step that applies after ``step``; None after the last."""
    following = STEPS[STEPS.index(step) + 1 :]
    return next((later for later in following if later.applies(answers)), None)


def previous_step(step: Step, answers: Answers) -> Step | None:
    """The step before ``step`` that applies; None before the first."""
    earlier = STEPS[: STEPS.index(step)]
    return next((s for s in reversed(earlier) if s.applies(answers)), None)


def after(step: Step, answers: Answers, *, returning: bool = False) -> str:
    """Where a step goes once saved: a step's slug, CHECK_ANSWERS or TASK_LIST.

    ``returning`` is True when the provider came from check answers: they go
    back there, unless a change (say, of the offer type) needs new answers
    first.
    """
    if returning:
        unfinished = first_unfinished(answers)
        return unfinished.slug if unfinished else CHECK_ANSWERS
    following = next_step(step, answers)
    if following is not None:
        return following.slug
    return CHECK_ANSWERS if is_complete(answers) else TASK_LIST


def back(step: Step, answers: Answers, *, returning: bool = False) -> str:
    """Where a step's back link goes: a step's slug, CHECK_ANSWERS or TASK_LIST."""
    if returning:
        return CHECK_ANSWERS
    previous = previous_step(step, answers)
    return previous.slug if previous else TASK_LIST


def first_unfinished(answers: Answers, *, draft=None) -> Step | None:
    """The first required step that applies and is not Completed."""
    return next(
        (
            step
            for step in steps_for(answers)
            if not step.optional and step_status(step, answers, draft=draft) is not Status.COMPLETED
        ),
        None,
    )


# --------------------------------------------------------------------------
# The task list
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    status: Status
    hint: str = ""
    optional: bool = False

    @property
    def can_open(self) -> bool:
        return self.status is not Status.CANNOT_START


@dataclass(frozen=True)
class TaskSection:
    title: str
    tasks: list[Task] = field(default_factory=list)


def task_list(answers: Answers, *, draft=None) -> list[TaskSection]:
    """The task list's sections: the steps that apply, then checking and sending."""
    sections: dict[str, TaskSection] = {}
    for step in steps_for(answers):
        section = sections.setdefault(step.section, TaskSection(step.section))
        section.tasks.append(
            Task(
                step.slug,
                step.title,
                step_status(step, answers, draft=draft),
                step.hint,
                step.optional,
            )
        )
    ready = is_complete(answers, draft=draft)
    send = TaskSection(
        "Send your offer",
        [
            Task(
                CHECK_ANSWERS,
                "Check answers and send",
                Status.NOT_STARTED if ready else Status.CANNOT_START,
            )
        ],
    )
    return [*sections.values(), send]


# --------------------------------------------------------------------------
# The offer document
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryCard:
    """One step's answers on the check answers page."""

    step: Step
    rows: list[tuple[str, str, list[str]]]  # (field name, label, lines)


def summary(answers: Answers, *, draft=None) -> list[SummaryCard]:
    """The answers of every step that applies, for checking before sending."""
    return [
        SummaryCard(
            step,
            step.form_class.summary_rows(answers.get(step.slug) or {}, draft=draft),
        )
        for step in steps_for(answers)
    ]


def step_for_path(path: str, answers: Answers) -> Step | None:
    """The step that answers a document path (``"scheme.units"``, ``"contact"``).

    A whole missing section (``"organisation"``) is the first step that builds
    part of it. Paths of list items (``"scheme.client_groups[0]"``) count as
    the list.
    """
    path = path.split("[")[0]
    for step in steps_for(answers):
        for built in step.builds.values():
            if built == path or built.startswith(f"{path}."):
                return step
    return None
