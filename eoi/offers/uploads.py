"""Plans a provider uploads to a draft offer: checking, storing, removing.

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

import io
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.http import FileResponse, Http404

from eoi.models import Attachment, OfferDraft

MAX_FILES_PER_DRAFT = 10

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


def _too_many_message() -> str:
    return (
        f"You can upload up to {MAX_FILES_PER_DRAFT} files. Remove a file "
        "before you upload another"
    )


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


def upload_check(upload, *, files_already: int) -> str:
    """Check one uploaded file; return its content type.

    ``files_already`` is how many files the draft holds. Raise
    ``ValidationError`` with a message for the provider when the file cannot
    be accepted.
    """
    if files_already >= MAX_FILES_PER_DRAFT:
        raise ValidationError(_too_many_message(), code="too_many")
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
        raise ValidationError(
            "The selected file must be a PDF, PNG or JPEG", code="wrong_type"
        )
    return content_type


def attachment_store(
    *, upload, kind: str, content_type: str, draft: OfferDraft | None = None, offer=None
) -> Attachment:
    """Save a checked upload to storage, attached to a draft or to an offer
    (a provider's answer to a request for information).

    A draft's files are counted again here, where the caller holds the
    draft's row lock (``eoi.offers.views.journey.step_page``): two tabs uploading at once
    both passed the form's count, and only one may be the tenth.
    """
    if draft is not None:
        files_already = Attachment.objects.filter(draft=draft, offer__isnull=True).count()
        if files_already >= MAX_FILES_PER_DRAFT:
            raise ValidationError(_too_many_message(), code="too_many")
        if not draft.files_uploaded:  # the submission moves files only then
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
