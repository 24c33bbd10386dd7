"""crispy-forms-gds layout helpers for the step forms.

Where crispy-forms-gds 2.0's markup is not GOV.UK Frontend 6 (radios and
checkboxes, the "£" prefix, a month-and-year date), the field is drawn by a
small template of ours under ``templates/eoi/fields/``.
"""

from crispy_forms_gds.layout import Button, Div, Field, Size

from eoi.offers.document.questions import Kind, Question


def radios(name: str, *, inline: bool = False, heading: bool = False) -> Field:
    return _choice_field(name, "radios", inline=inline, heading=heading)


def checkboxes(name: str, *, heading: bool = False) -> Field:
    return _choice_field(name, "checkboxes", heading=heading)


def _choice_field(name, kind, *, inline=False, heading=False) -> Field:
    context = {"kind": kind, "inline": inline}
    if heading:
        context.update(legend_tag="h1", legend_size=Size.for_legend(Size.LARGE))
    else:
        context.update(legend_size=Size.for_legend(Size.SMALL))
    return Field(name, template="eoi/fields/choices.html", context=context)


def money(name: str) -> Field:
    return Field(
        name,
        css_class="govuk-input--width-10",
        template="eoi/fields/money.html",
        spellcheck="false",
        inputmode="decimal",
    )


def month_year(name: str) -> Field:
    return Field(
        name,
        template="eoi/fields/month_year.html",
        context={"legend_size": Size.for_legend(Size.SMALL)},
    )


def text(name: str, *, width=None, **attrs) -> Field:
    return Field.text(name, label_size=Size.SMALL, field_width=width, **attrs)


def layout_for(question: Question, *, heading: bool = False):
    """How the question is drawn (GOV.UK Frontend): radios, checkboxes, £ …"""
    name, kind = question.name, question.kind
    if kind is Kind.CHOICE:
        return radios(name, heading=heading)
    if kind is Kind.YES_NO:
        return radios(name, inline=True)
    if kind is Kind.CHOICES:
        return checkboxes(name)
    if kind is Kind.MONEY:
        return money(name)
    if kind is Kind.MONTH:
        return month_year(name)
    if kind is Kind.WARD:
        return Field.select(name)
    if kind is Kind.LONG_TEXT:
        return Field.textarea(name, label_size=Size.SMALL, rows=question.rows)
    if kind is Kind.WHOLE:
        return text(name, width=question.width or 3)
    return text(name, width=question.width)


def step_buttons() -> Div:
    """Continue, and "Save and come back later", on every question page."""
    return Div(
        Button.primary("continue", "Continue"),
        Button.secondary("save_and_exit", "Save and come back later"),
        css_class="govuk-button-group",
    )
