"""Writes to the strategy's data that span several rows: new forecast versions,
publishing them and the choice of the current one."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from . import selectors
from .models import (
    DeliveryRecord,
    DemandGroup,
    DemandLine,
    ForecastVersion,
    Phase,
    PipelineScheme,
    SupplyAllocation,
    VersionFigure,
)


def _copy(instance, actor, **changes):
    """A new row with ``instance``'s fields and ``changes``, saved as ``actor``."""
    instance.pk = instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = actor  # django-simple-history's "changed by"
    instance.save()
    return instance


@transaction.atomic
def forecast_version_copy(
    *,
    version: ForecastVersion,
    name: str,
    slug: str,
    published_on: datetime.date,
    actor,
) -> ForecastVersion:
    """A new version, not current and not published, holding a copy of
    ``version`` to edit.

    Copied: the demand groups and lines, phases, pipeline schemes (each
    allocated to the copy of its demand line), delivery records (so the copy
    starts from the same progress) and stated figures. A version without demand
    lines of its own (the 2025 refresh) gets a copy of the lines it stands on
    (``selectors.demand_line_source``), so the new version can be edited
    whole. Attributions of supply to lines are copied with them.
    """
    copy = ForecastVersion(
        name=name,
        slug=slug,
        published_on=published_on,
        source=version.source,
        is_current=False,
        is_published=False,
        based_on=version,
        notes=f"Copied from {version.name}.",
    )
    copy.full_clean()
    copy._history_user = actor
    copy.save()

    lines: dict[int, DemandLine] = {}
    source = selectors.demand_line_source(version)
    # In the order pages list them (lines of equal order by pk), so the
    # copy's new rows list in the same order as the original's.
    for group in DemandGroup.objects.filter(version=source).order_by("order", "pk"):
        old_lines = list(group.lines.order_by("order", "pk"))
        new_group = _copy(group, actor, version=copy)
        for line in old_lines:
            old_pk = line.pk
            lines[old_pk] = _copy(line, actor, group=new_group)

    schemes: dict[int, PipelineScheme] = {}
    for phase in Phase.objects.filter(version=version).prefetch_related("schemes"):
        old_schemes = list(phase.schemes.all())
        new_phase = _copy(phase, actor, version=copy)
        for scheme in old_schemes:
            old_pk = scheme.pk
            schemes[old_pk] = _copy(
                scheme,
                actor,
                phase=new_phase,
                demand_line=lines.get(scheme.demand_line_id),
            )

    deliveries: dict[int, DeliveryRecord] = {}
    for record in DeliveryRecord.objects.filter(version=version):
        old_pk = record.pk
        deliveries[old_pk] = _copy(
            record,
            actor,
            version=copy,
            scheme=schemes.get(record.scheme_id),
            demand_line=lines.get(record.demand_line_id),
        )
    # Attributions follow their supply and line into the copy.
    for allocation in SupplyAllocation.objects.filter(
        Q(delivery__version=version) | Q(scheme__phase__version=version)
    ):
        line = lines.get(allocation.demand_line_id)
        if line is None:
            continue
        _copy(
            allocation,
            actor,
            delivery=deliveries.get(allocation.delivery_id),
            scheme=schemes.get(allocation.scheme_id),
            demand_line=line,
        )
    for figure in VersionFigure.objects.filter(version=version):
        _copy(figure, actor, version=copy)
    return copy


@transaction.atomic
def forecast_version_make_current(*, version: ForecastVersion, actor) -> ForecastVersion:
    """Make ``version`` the one the public pages and screening use, in one step.

    Refused for a version without demand lines of its own: the home page and
    screening read the current version's lines. Copy such a version first
    (``forecast_version_copy`` gives the copy its lines). Refused for a
    version not published: the current one is on the public pages.
    """
    version = ForecastVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_current:
        return version
    if not DemandLine.objects.filter(group__version=version).exists():
        raise ValidationError(
            f"{version.name} has no demand lines of its own, and the public pages and "
            "screening read the current version's lines. Copy it as a new version "
            "(the copy gets the lines it stands on), then make the copy current.",
            code="no_demand_lines",
        )
    if not version.is_published:
        raise ValidationError(
            f"{version.name} is not published, and the current version is on the public "
            "pages. Publish it first, then make it current.",
            code="not_published",
        )
    # The old one first: at most one version may be current (a constraint).
    for old in ForecastVersion.objects.select_for_update().filter(is_current=True):
        old.is_current = False
        old._history_user = actor
        old.save(update_fields=["is_current"])
    version.is_current = True
    version._history_user = actor
    version.save(update_fields=["is_current"])
    return version


def _set_published(version: ForecastVersion, *, published: bool, actor, reason: str):
    version.is_published = published
    version._history_user = actor
    version._change_reason = reason  # django-simple-history's change reason
    version.save(update_fields=["is_published"])


@transaction.atomic
def forecast_version_publish(*, version: ForecastVersion, actor) -> ForecastVersion:
    """Put ``version`` on the public pages and in the open data.

    Recorded in the version's history with ``actor`` and the time; nothing is
    recorded for a version already published.
    """
    version = ForecastVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_published:
        _set_published(version, published=True, actor=actor, reason="Published")
    return version


def forecast_version_unpublish_check(*, version: ForecastVersion) -> None:
    """Raise ``ValidationError`` if ``version`` may not be unpublished: the
    current version, which the public pages show, stays published."""
    if version.is_current:
        raise ValidationError(
            f"{version.name} is the current version, which the public pages show, so it "
            "stays published. Make another published version current first.",
            code="current",
        )


@transaction.atomic
def forecast_version_unpublish(*, version: ForecastVersion, actor) -> ForecastVersion:
    """Take ``version`` off the public pages: its addresses are "Page not found".

    Refused for the current version, which the public pages show. Recorded in
    the version's history with ``actor`` and the time.
    """
    version = ForecastVersion.objects.select_for_update().get(pk=version.pk)
    forecast_version_unpublish_check(version=version)
    if version.is_published:
        _set_published(version, published=False, actor=actor, reason="Unpublished")
    return version
