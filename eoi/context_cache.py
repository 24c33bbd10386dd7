"""The screening context (and a new offer's routing), cached across
processes and never stale.

Building the context (``eoi.selectors.screening_context_build``) reads the
strategy's data, the reference values and the acceptances: a dozen queries
on every submission, for data that changes a few times a year. It is kept in
Django's cache (Redis in production, so shared by every process) under a
version number; any save or delete of what it is built from gives the version
a new value, so every process builds it afresh on its next read.

Never stale, even across transactions: the version changes when the data is
saved *and* again once the transaction commits (a context built by another
process in between, from the data as it was, is then left behind), and a
transaction that has changed the data builds its own context without caching
it (it may yet roll back).

Each process also keeps the last value of each part it read, with its
version and name (the day, for the screening context): while the version is unchanged that copy is used as it is, rather
than unpickled from the cache on every read. The values are immutable
(frozen dataclasses and tuples), so a caller cannot change the copy.
"""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

TIMEOUT = 60 * 60 * 24  # a day: the date is in the context's key
# Each cached part, and what it is built from: the screening context from
# every model of the strategy app and the acceptances; a new offer's routing
# from the routing rules and the default team (any other team's change
# leaves it be); the working-day targets from their rows.
SCREENING, ROUTING, TARGETS = "screening-context", "routing", "status-targets"
SOURCES = {
    SCREENING: ("strategy", "eoi.Acceptance"),
    ROUTING: ("eoi.RoutingRule", "auth.Group"),
    TARGETS: ("eoi.StatusTarget",),  # the working-day targets (eoi.timescales)
}
_DIRTY = "_eoi_cache_dirty"  # on the connection: the parts its transaction has changed
# part -> (version, name, value): this process's copy of what it last read.
_local: dict[str, tuple[str, str, object]] = {}


def _version_key(part: str) -> str:
    return f"eoi:{part}:version"


def _version(part: str) -> str:
    version = cache.get(_version_key(part))
    if version is None:  # never set, or evicted: a new one leaves older values behind
        version = uuid.uuid4().hex
        if not cache.add(_version_key(part), version, timeout=None):
            version = cache.get(_version_key(part)) or version
    return version


def _dirty() -> set:
    if not hasattr(connection, _DIRTY):
        setattr(connection, _DIRTY, set())
    return getattr(connection, _DIRTY)


def _renew(part: str) -> None:
    cache.set(_version_key(part), uuid.uuid4().hex, timeout=None)


def _committed(part: str) -> None:
    _dirty().discard(part)
    _renew(part)


def invalidate(part: str) -> None:
    """Leave the part's cached values behind (now and when the transaction commits)."""
    _renew(part)
    if connection.in_atomic_block:
        _dirty().add(part)
    transaction.on_commit(lambda: _committed(part))


def _may_cache(part: str) -> bool:
    if part not in _dirty():
        return True
    if not connection.in_atomic_block:  # the changes were rolled back
        _committed(part)
        return True
    return False


def cached(part: str, name: str, build):
    """``build()``, from the cache while the part's sources are unchanged."""
    if not _may_cache(part):
        return build()
    version = _version(part)
    local = _local.get(part)
    if local is not None and local[:2] == (version, name):
        return local[2]
    key = f"eoi:{part}:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=TIMEOUT)
    _local[part] = (version, name, value)
    return value


def context_cached(on, build):
    """The screening context for ``on`` from the cache, or ``build(on)`` (then cached)."""
    return cached(SCREENING, on.isoformat(), lambda: build(on))


def _receiver(part: str):
    def changed(sender, instance, **_kwargs):
        if sender._meta.label == "auth.Group" and not _is_default_team(instance):
            return
        invalidate(part)

    return changed


def _is_default_team(group) -> bool:
    default_id = cache.get(f"eoi:{ROUTING}:default-team-id")
    return default_id is None or group.pk == default_id or group.name == settings.EOI_DEFAULT_TEAM


def default_team_id_remember(team_id: int) -> None:
    """The default team's id, to tell its rename or removal from another team's."""
    cache.set(f"eoi:{ROUTING}:default-team-id", team_id, timeout=None)


_receivers = []


def connect() -> None:
    """Invalidate on every save and delete of a source model (``EoiConfig.ready``)."""
    for part, labels in SOURCES.items():
        receiver = _receiver(part)
        _receivers.append(receiver)  # signals hold receivers weakly
        for label in labels:
            models = (
                apps.get_app_config(label).get_models()
                if "." not in label
                else [apps.get_model(label)]
            )
            for model in models:
                uid = f"eoi.context_cache:{part}:{model._meta.label}"
                post_save.connect(receiver, sender=model, dispatch_uid=uid)
                post_delete.connect(receiver, sender=model, dispatch_uid=uid)
