"""Plans a provider uploads to a draft offer: checking, storing, removing.

An offer holds at most ``MAX_FILES_PER_OFFER`` files, counted together
(:func:`files_held`): its own (those sent with it and with answers to the
council's questions) and those on drafts of changes to it. A new offer's
draft holds as many.

A file's type is read from its first bytes (its "magic number"), never from
its name or the content type the browser sent: a program renamed
``plan.pdf`` is refused. Files are stored through Django's storage API under
a random name (``eoi.models.attachment_path``); the provider's file name is
only kept in the database, for display.

Files are never served from MEDIA_URL (no URL pattern serves it). Staff
download them through the admin (``OfferAdmin.attachment_download_view``),
which sends :func:`attachment_download_response`: always as a download, with
the sniffed content type, and headers that stop a browser running anything
in it.
"""

import dataclasses
import io
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404

from eoi.models import Attachment, Offer, OfferDraft

MAX_FILES_PER_OFFER = 10

# (first bytes, content type) for each kind of file accepted.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_LONGEST_SIGNATURE = max(len(signature) for signature, _type in SIGNATURES)
SERVED_TYPES = frozenset(content_type for _signature, content_type in SIGNATURES)

logger = logging.getLogger(__name__)


def content_type_sniff(upload) -> str | None:
    """The content type the file's first bytes show, or None if not accepted."""
    upload.seek(0)
    head = upload.read(_LONGEST_SIGNATURE)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


@dataclasses.dataclass(frozen=True)
class FilesHeld:
    """The files an upload would join, counted against ``MAX_FILES_PER_OFFER``."""

    count: int
    # Of them, those on the draft being written, which the provider can remove.
    removable: int
    # Whether they are a sent offer's (else a new offer's draft's).
    sent: bool


def _offer_id(draft: OfferDraft | None, offer) -> int | None:
    """The sent offer an upload joins: an answer's, or the one a draft changes."""
    return offer.pk if offer is not None else getattr(draft, "amends_offer_id", None)


def files_held(*, draft: OfferDraft | None = None, offer=None) -> FilesHeld:
    """The files counted for an upload to ``draft`` or (an answer's) ``offer``:
    for a sent offer, or a draft changing one, every file of the offer (its
    own, and those on drafts of changes to it); for a new offer's draft, its
    own."""
    on_draft = (
        Attachment.objects.filter(draft=draft, offer__isnull=True).count()
        if draft is not None
        else 0
    )
    offer_id = _offer_id(draft, offer)
    if offer_id is None:
        return FilesHeld(count=on_draft, removable=on_draft, sent=False)
    count = Attachment.objects.filter(
        Q(offer_id=offer_id) | Q(offer__isnull=True, draft__amends_offer_id=offer_id)
    ).count()
    return FilesHeld(count=count, removable=on_draft, sent=True)


def files_limit_check(held: FilesHeld) -> None:
    """Raise ``ValidationError`` ("too_many") when ``held`` is at the limit,
    saying what the provider can do."""
    if held.count < MAX_FILES_PER_OFFER:
        return
    if not held.sent:
        message = (
            f"You can upload up to {MAX_FILES_PER_OFFER} files. Remove a file "
            "before you upload another"
        )
    elif held.removable:
        message = (
            f"Your offer already has {MAX_FILES_PER_OFFER} files, the most an "
            "offer can have. Remove a file from this change before you upload "
            "another"
        )
    else:
        message = (
            f"Your offer already has {MAX_FILES_PER_OFFER} files, the most an "
            "offer can have. Email any other file to the commissioning team, "
            "quoting the offer's reference"
        )
    raise ValidationError(message, code="too_many")


class OversizedUpload(UploadedFile):
    """What is left of a file that went over the size limit: its name and
    the size it reached, no content. ``upload_check`` refuses it by size."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops keeping a file once it passes ``settings.EOI_MAX_UPLOAD_BYTES``.

    First in ``FILE_UPLOAD_HANDLERS``: it passes each chunk on to Django's
    own handlers (memory or temporary file) until the limit, then swallows
    the rest, so an oversized file is never written out in full; the body
    is still read (the connection stays usable and the page can say why).
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EOI_MAX_UPLOAD_BYTES:
            return None  # later handlers never see it
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.EOI_MAX_UPLOAD_BYTES:
            return OversizedUpload(self.file_name, self.content_type, self.received)
        return None


def upload_check(upload, *, held: FilesHeld) -> str:
    """Check one uploaded file; return its content type.

    ``held`` is what the upload would join (:func:`files_held`). Raise
    ``ValidationError`` with a message for the provider when the file cannot
    be accepted.
    """
    files_limit_check(held)
    if not upload.size:
        raise ValidationError("The selected file is empty", code="empty")
    limit = settings.EOI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The selected file must be smaller than {_megabytes(limit)}",
            code="too_large",
        )
    content_type = content_type_sniff(upload)
    if content_type is None:
        raise ValidationError("The selected file must be a PDF, PNG or JPEG", code="wrong_type")
    return content_type


def attachment_store(
    *, upload, kind: str, content_type: str, draft: OfferDraft | None = None, offer=None
) -> Attachment:
    """Save a checked upload to storage, attached to a draft or to an offer
    (a provider's answer to a request for information).

    The files are counted again here, under the row lock of the offer they
    would join (a sent offer's) or of the draft (the caller's:
    ``eoi.offers.views.journey.step_page``): two tabs uploading at once both
    passed the form's count, and only one may be the tenth.
    """
    with transaction.atomic():
        offer_id = _offer_id(draft, offer)
        if offer_id is not None:
            list(Offer.objects.select_for_update().filter(pk=offer_id).values_list("pk"))
        files_limit_check(files_held(draft=draft, offer=offer))
        if draft is not None and not draft.files_uploaded:
            # The submission moves files only then.
            OfferDraft.objects.filter(pk=draft.pk).update(files_uploaded=True)
            draft.files_uploaded = True
        attachment = Attachment(
            draft=draft,
            offer=offer,
            kind=kind,
            original_name=os.path.basename(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size,
        )
        # upload_to gives a random name; save=True saves the row as well.
        attachment.file.save(attachment.original_name, upload, save=True)
    return attachment


def attachment_remove(*, draft: OfferDraft, attachment_id: int) -> Attachment | None:
    """Delete one of the draft's attachments and its file; None if not the draft's.

    The row goes first; the file is deleted once that has committed, so a
    row never points at a missing file.
    """
    attachment = Attachment.objects.filter(
        pk=attachment_id, draft=draft, offer__isnull=True
    ).first()
    if attachment is None:
        return None
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return attachment


def attachment_download_response(attachment: Attachment, *, user) -> FileResponse:
    """Stream an offer's attachment to ``user`` (staff) as a download.

    ``Content-Disposition: attachment`` keeps the browser from showing it in
    a page of ours; the content type is the one sniffed at upload (anything
    unexpected goes as bytes), ``nosniff`` stops the browser guessing
    another, and the sandboxing CSP stops any script in it running if it is
    opened anyway.
    """
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    content_type = (
        attachment.content_type
        if attachment.content_type in SERVED_TYPES
        else "application/octet-stream"
    )
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    reference = attachment.offer.reference if attachment.offer else None
    logger.info(
        "Attachment %s of offer %s downloaded by %s",
        attachment.pk,
        reference,
        user,
        extra={"offer_reference": reference},
    )
    return response
