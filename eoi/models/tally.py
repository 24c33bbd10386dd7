"""The dashboard's summary of offers, kept as offers change (issue 13).

``OfferTally`` holds the offers and units of each bucket
(``eoi.offer_buckets``): what the staff dashboard, its exports and the
report read instead of counting every offer. ``Offer.save()`` and delete keep
it (``tally_apply``); ``eoi.progress.offer_tally.offer_tally_rebuild``
recounts it from the offers.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connections, models, router, transaction

from leicester_sl.statements import Batch, row_insert

from ..offer_buckets import BUCKET_FIELDS, MARKET, NO_COHORTS, TRIAGE, Bucket, deltas

# Rows of one statement: ten parameters each, under SQLite's 999.
_CHUNK = 90


class OfferTally(models.Model):
    """Offers alike in a bucket's fields, counted, with their units."""

    class Kind(models.TextChoices):
        MARKET = MARKET, "Market: provider, type, status group, quarter"
        TRIAGE = TRIAGE, "Open offers: expected date, matched demand lines"

    key = models.CharField(max_length=64, unique=True, help_text="Hash of the bucket's fields.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation_name = models.TextField(blank=True)
    organisation_type = models.TextField(blank=True)
    status_group = models.CharField(max_length=30, blank=True)
    quarter = models.DateField(null=True, help_text="First day of the quarter of submission.")
    expected_available = models.DateField(null=True)
    matched_cohorts = models.TextField(default=NO_COHORTS)
    offers = models.IntegerField(default=0)
    units = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "offer tally"

    def __str__(self):
        return f"{self.kind}: {self.offers} offers, {self.units} units"


def tally_apply(changes: Mapping[Bucket, tuple[int, int]], *, using: str = "default") -> None:
    """Add (offers, units) to each bucket's row, made if missing (see
    :func:`tally_statements`)."""
    batch = Batch(using)
    tally_statements(changes, batch)
    batch.send()


def tally_statements(changes: Mapping[Bucket, tuple[int, int]], batch: Batch) -> None:
    """Add to ``batch`` what adds (offers, units) to each bucket's row, made if
    missing: one statement (``INSERT … ON CONFLICT DO UPDATE``, PostgreSQL
    and SQLite 3.24+) a chunk of rows, none when there is nothing to add.
    The rows it touches stay locked to the end of the transaction, so two
    transactions adding to one bucket never lose either's count; rows go in
    key order, so two that touch the same rows take their locks in the same
    order."""
    if not changes:
        return
    connection = connections[batch.alias]
    quote = connection.ops.quote_name
    table = quote(OfferTally._meta.db_table)
    names = ["key", *next(iter(changes)).columns(), "offers", "units"]
    columns = ", ".join(quote(name) for name in names)
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    date = connection.ops.adapt_datefield_value
    ordered = sorted(changes.items(), key=lambda item: item[0].key)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        params = []
        for bucket, (offers, units) in chunk:
            fields = bucket.columns()
            fields["quarter"] = date(fields["quarter"])
            fields["expected_available"] = date(fields["expected_available"])
            params.extend([bucket.key, *fields.values(), offers, units])
        batch.add(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))} "
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET "
            f"{quote('offers')} = {table}.{quote('offers')} + EXCLUDED.{quote('offers')}, "
            f"{quote('units')} = {table}.{quote('units')} + EXCLUDED.{quote('units')}",
            params,
        )


def _stored(model, state: Mapping) -> dict:
    """Bucket field values as the database gives them back (a date typed as a
    string becomes a date)."""
    return {name: model._meta.get_field(name).to_python(value) for name, value in state.items()}


class TallyKeptQuerySet(models.QuerySet):
    """Writes of several offers that keep the tally too. ``bulk_create``
    counts the new offers in one statement; ``update`` and ``bulk_update``
    of a bucket field recount the offers they touch (read before and after:
    rare, and nothing the services do: ``eoi.triage`` bulk-updates
    ``due_on`` only)."""

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValueError(
                "Offers skipped or merged on conflict cannot be counted: save them one by one, "
                "or run manage.py offer_tally_rebuild afterwards."
            )
        with transaction.atomic(using=self.db, savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            changes = deltas((None, offer._tally_state(None)) for offer in made)
            tally_apply(changes, using=self.db)
        for offer in made:
            offer._tally_remember()
        return made

    def insert(self, offer, *, batch: Batch | None = None) -> None:
        """One new offer inserted as ``bulk_create`` would, and counted: no
        ``save()`` and no signals, so no history row (the caller writes it).
        The submission's insert (``eoi.services``), with the statement kept
        (``leicester_sl.statements``). With ``batch``, the count is added to
        it, for the caller to send in this transaction."""
        with transaction.atomic(using=self.db, savepoint=False):
            row_insert(offer, using=self.db)
            counts = batch if batch is not None else Batch(self.db)
            tally_statements(deltas([(None, offer._tally_state(None))]), counts)
            if batch is None:
                counts.send()
        offer._tally_remember()
        offer._update_initial_state()  # as django-fsm's save() does, for a later transition

    def update(self, **kwargs):
        """An update of a bucket field recounts the offers it touches (read
        before and after). ``bulk_update`` comes through here too."""
        if not set(kwargs) & set(BUCKET_FIELDS):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = {
                row.pop("pk"): row for row in self.select_for_update().values("pk", *BUCKET_FIELDS)
            }
            updated = super().update(**kwargs)
            after_rows = self.model._base_manager.using(self.db).filter(pk__in=list(before))
            after = {row.pop("pk"): row for row in after_rows.values("pk", *BUCKET_FIELDS)}
            tally_apply(deltas((before[pk], after.get(pk)) for pk in before), using=self.db)
        return updated

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        updated = super().bulk_update(objs, fields, *args, **kwargs)
        for offer in objs:
            offer._tally_remember(fields)
        return updated


class TallyKept(models.Model):
    """An offer that keeps its counts in ``OfferTally`` as it is saved and
    deleted: the change from the buckets it was in when read (or last saved)
    to those it is in now, one statement, none when they did not change."""

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        # Before the models' __init__: django-fsm may read a deferred status there.
        self._tally_before: dict = {}
        super().__init__(*args, **kwargs)
        self._tally_remember()

    def _tally_remember(self, fields=None) -> None:
        # From __dict__: a deferred field is not read just to be remembered.
        for name in BUCKET_FIELDS:
            if name in self.__dict__ and (fields is None or name in fields):
                self._tally_before[name] = self.__dict__[name]

    def _tally_complete(self, using: str) -> None:
        """Remember the stored values of fields that were deferred when read."""
        missing = [name for name in BUCKET_FIELDS if name not in self._tally_before]
        if missing and self.pk is not None:
            rows = type(self)._base_manager.using(using).filter(pk=self.pk)
            self._tally_before.update(rows.values(*missing).first() or {})

    def _tally_state(self, saved) -> dict:
        """The bucket fields as stored after a save of ``saved`` (None: all)."""
        return _stored(
            self,
            {
                name: getattr(self, name)
                if saved is None or name in saved
                else self._tally_before[name]
                for name in BUCKET_FIELDS
            },
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not set(update_fields) & set(BUCKET_FIELDS):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        was_stored = not self._state.adding
        if self._state.adding and self.pk is not None and not kwargs.get("force_insert"):
            # A new instance with the id of an offer: Django may update it.
            was_stored = type(self)._base_manager.using(using).filter(pk=self.pk).exists()
        if was_stored:
            self._tally_complete(using)
        # A deferred field left alone is not saved, and keeps its value.
        saved = set(update_fields) if update_fields is not None else {
            name for name in BUCKET_FIELDS if name in self.__dict__
        }
        with transaction.atomic(using=using, savepoint=False):
            self._tally_expected = dict(self._tally_before) if was_stored else None
            try:
                super().save(*args, **kwargs)
            finally:
                self._tally_expected = None
            before = _stored(self, self._tally_before) if was_stored else None
            after = self._tally_state(saved)
            tally_apply(deltas([(before, after)]), using=using)
        self._tally_before = after

    def _do_update(self, base_qs, using, pk_val, values, *args, **kwargs):
        """Update the row only while it holds the bucket fields remembered, which
        the change of counts is worked out from. If another write changed them
        since this offer was read, lock the row and count from what it holds;
        and keep its latest cohorts (a screening's, never stale) unless this
        save set them."""
        expected = getattr(self, "_tally_expected", None)
        update = super()._do_update
        if not expected:
            return update(base_qs, using, pk_val, values, *args, **kwargs)
        updated = update(base_qs.filter(**expected), using, pk_val, values, *args, **kwargs)
        if updated:
            return updated
        stored = base_qs.filter(pk=pk_val).select_for_update().values(*BUCKET_FIELDS).first()
        if stored is None:
            return updated
        cohorts = "latest_matched_cohorts"
        if self.__dict__.get(cohorts) == expected[cohorts]:
            setattr(self, cohorts, stored[cohorts])
            values = [
                (field, model, stored[cohorts] if field.attname == cohorts else value)
                for field, model, value in values
            ]
        self._tally_before.update(stored)
        return update(base_qs, using, pk_val, values, *args, **kwargs)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self._tally_remember(fields)


def tally_on_delete(sender, instance, using, **kwargs) -> None:
    """An offer deleted (one, or by a queryset) leaves its buckets."""
    instance._tally_complete(using)
    tally_apply(deltas([(_stored(instance, instance._tally_before), None)]), using=using)
