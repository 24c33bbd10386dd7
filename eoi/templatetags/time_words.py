"""Dates and times in GOV.UK style, in Europe/London, for templates
(leicester_sl.documents.formatting)::

    {% load time_words %}
    {{ offer.submitted_at|day_and_time }}   6 December 2026 at 9:42pm
    {{ expires|time_of_day }}               9:42pm, midday, midnight
    {{ offer.submitted_at|day }}            6 December 2026
    {{ meeting.on|weekday_day }}            Sunday 6 December 2026
"""

import datetime

from django import template

from leicester_sl.documents import formatting

register = template.Library()


@register.filter
def time_of_day(value):
    return formatting.time_of_day(value) if value else ""


@register.filter
def day_and_time(value):
    return formatting.day_and_time(value) if value else ""


@register.filter
def day(value):
    if isinstance(value, datetime.datetime):
        value = formatting.local_date(value)
    return formatting.day(value) if value else ""


@register.filter
def weekday_day(value):
    if isinstance(value, datetime.datetime):
        value = formatting.local_date(value)
    return formatting.weekday_day(value) if value else ""
