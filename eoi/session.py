"""The draft offer a visitor is working on, kept in their session.

Only the draft's id is in the session; its answers are in the database
(``OfferDraft.answers``). Views read and write answers only through the draft
this returns, so a visitor can never reach another provider's draft.
"""

from .models import Offer, OfferDraft

DRAFT_KEY = "eoi_draft"
SENT_KEY = "eoi_sent_draft"


class DraftSession:
    def __init__(self, request):
        self.session = request.session

    def draft(self) -> OfferDraft | None:
        """The draft being worked on, or None."""
        pk = self.session.get(DRAFT_KEY)
        draft = OfferDraft.objects.filter(pk=pk).first() if pk else None
        if pk and draft is None:
            del self.session[DRAFT_KEY]
        elif draft is not None:
            # Keep the session alive for as long as the provider is working.
            self.session.modified = True
        return draft

    def start(self, draft: OfferDraft) -> None:
        """Work on ``draft`` from now on (a new draft, or one resumed from a link)."""
        self.session.cycle_key()
        self.session[DRAFT_KEY] = str(draft.pk)
        self.session.pop(SENT_KEY, None)

    def sent(self, draft: OfferDraft) -> None:
        """The draft has been sent: forget it, but remember where it went."""
        self.session.pop(DRAFT_KEY, None)
        self.session[SENT_KEY] = str(draft.pk)

    def submitted(self) -> None:
        """The draft has just been sent: leave the session unwritten.

        It still names the draft, which the next request finds sent
        (``draft_required`` then forgets it, as :meth:`sent` does). Writing
        it now would give the submission a transaction of its own (3
        queries) for nothing: only :meth:`draft`'s keep-alive changed it.
        """
        self.session.modified = False

    def sent_offer(self) -> Offer | None:
        """The offer this session last sent, for a form sent twice."""
        pk = self.session.get(SENT_KEY)
        draft = (
            OfferDraft.objects.filter(pk=pk).select_related("submitted_offer").first()
            if pk
            else None
        )
        return draft.submitted_offer if draft else None
