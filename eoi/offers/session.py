"""The draft offer a visitor is working on, kept in their session.

Only the draft's id is in the session; its answers are in the database
(``OfferDraft.answers``). Views read and write answers only through the draft
this returns, so a visitor can never reach another provider's draft.
"""

import time

from eoi.models import Offer, OfferDraft

DRAFT_KEY = "eoi_draft"
SENT_KEY = "eoi_sent_draft"
# While a provider works, the session is written again (so its expiry moves
# on) at most this often, not on every page: each write is an UPDATE and a
# commit, for a session that has not changed. The session then lasts between
# SESSION_COOKIE_AGE less this and SESSION_COOKIE_AGE after the last page.
KEEP_ALIVE_SECONDS = 5 * 60
KEEP_ALIVE_KEY = "eoi_kept_alive_at"


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
            self._keep_alive()
        return draft

    def in_progress(self) -> bool:
        """Whether a draft not yet sent is being worked on (no query without one)."""
        if not self.session.get(DRAFT_KEY):
            return False
        draft = self.draft()
        return draft is not None and not draft.submitted_offer_id

    def _keep_alive(self) -> None:
        """Keep the session alive for as long as the provider is working."""
        now = int(time.time())
        if now - self.session.get(KEEP_ALIVE_KEY, 0) >= KEEP_ALIVE_SECONDS:
            self.session[KEEP_ALIVE_KEY] = now

    def start(self, draft: OfferDraft) -> None:
        """Work on ``draft`` from now on (a new draft, or one resumed from a link)."""
        self.session.cycle_key()
        self.session[DRAFT_KEY] = str(draft.pk)
        self.session[KEEP_ALIVE_KEY] = int(time.time())
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
