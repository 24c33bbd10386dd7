"""The screening context, cached across processes and never stale.

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
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "eoi:screening-context:version"
TIMEOUT = 60 * 60 * 24  # a day: the date is in the key, and tomorrow is another context
# What the context is built from: every model of the strategy app, and these
# (the routing rules and teams too: a new offer's routing is cached alike).
SOURCE_APPS = ("strategy",)
SOURCE_MODELS = ("eoi.Acceptance", "eoi.RoutingRule", "auth.Group")
_DIRTY = "_eoi_screening_context_dirty"  # set on the connection while its transaction has changes


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:  # never set, or evicted: a new one leaves older contexts behind
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _committed() -> None:
    setattr(connection, _DIRTY, False)
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**_kwargs) -> None:
    """Leave every cached context behind (now and when the transaction commits)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if connection.in_atomic_block:
        setattr(connection, _DIRTY, True)
    transaction.on_commit(_committed)


def _may_cache() -> bool:
    if not getattr(connection, _DIRTY, False):
        return True
    if not connection.in_atomic_block:  # the changes were rolled back
        _committed()
        return True
    return False


def cached(name: str, build):
    """``build()`` from the cache under ``name`` while the sources are unchanged."""
    if not _may_cache():
        return build()
    key = f"eoi:screening-context:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def context_cached(on, build):
    """The context for ``on`` from the cache, or ``build(on)`` (then cached)."""
    return cached(on.isoformat(), lambda: build(on))


def connect() -> None:
    """Invalidate on every save and delete of a source model (``EoiConfig.ready``)."""
    models = [
        model
        for label in SOURCE_APPS
        for model in apps.get_app_config(label).get_models()
    ] + [apps.get_model(label) for label in SOURCE_MODELS]
    for model in models:
        uid = f"eoi.context_cache:{model._meta.label}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid)
