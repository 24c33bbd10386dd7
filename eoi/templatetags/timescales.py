"""``{% offer_next_step offer as next_step %}``: eoi.triage.timescales for templates."""

from django import template

from eoi.triage.timescales import offer_next_step as _offer_next_step

register = template.Library()


@register.simple_tag
def offer_next_step(offer):
    return _offer_next_step(offer)
