"""The portal's emails: what each says, built into the outbox.

One function per email. Each builds a frozen payload (the facts the email
tells, read from the database once), renders its plain-text and HTML
templates (``templates/eoi/emails/<kind>.txt`` and ``.html``, the kind being
``OutboxEmail.Kind``) and puts it in the outbox with one ``outbox_queue``
call, inside the caller's transaction. ``eoi.notifications.outbox`` and ``eoi.notifications.tasks`` send
it once that transaction commits (a submission's two are written by the
worker, from its "offer submitted" event: ``eoi.notifications.events``).

Subjects carry the reference and, for the team inbox, the organisation's
name: never a person's name, address or contact details.

Modules: ``payloads`` (the facts each email tells), ``compose`` (links into
the portal, rendering, subjects, the outbox call), ``to_providers`` and
``to_staff``, and ``questions`` (questions about opportunities).
"""

from .compose import (
    DRAFT_RESUME_LINK_SUBJECT,
    SUBJECT_PREFIX,
    Kind,
    meeting_words,
    portal_url,
    status_url,
)
from .payloads import (
    CommissionerDigestNotice,
    DigestLine,
    DraftResumeLink,
    InformationReminder,
    InformationRequestNotice,
    OfferAcknowledgement,
    OfferTeamSummary,
    OfferWithdrawnNotice,
    ProviderMessageNotice,
    ProviderSignInLink,
    StatusChangeNotice,
)
from .questions import (
    QuestionAnswerNotice,
    QuestionAskedNotice,
    question_answer_email_queue,
    question_asked_email_queue,
)
from .to_providers import (
    draft_resume_link_email_queue,
    draft_resume_link_email_send,
    information_reminder_email_queue,
    information_request_email_queue,
    milestone_reminder_email_queue,
    offer_acknowledgement_email_queue,
    provider_sign_in_email_queue,
    status_change_email_queue,
    status_change_notice_email_queue,
)
from .to_staff import (
    commissioner_digest_email_queue,
    offer_submitted_emails_queue,
    offer_team_summary_email_queue,
    offer_withdrawn_email_queue,
    provider_message_email_queue,
)

__all__ = [
    "CommissionerDigestNotice",
    "DRAFT_RESUME_LINK_SUBJECT",
    "DigestLine",
    "DraftResumeLink",
    "InformationReminder",
    "InformationRequestNotice",
    "Kind",
    "OfferAcknowledgement",
    "OfferTeamSummary",
    "OfferWithdrawnNotice",
    "ProviderMessageNotice",
    "ProviderSignInLink",
    "QuestionAnswerNotice",
    "QuestionAskedNotice",
    "SUBJECT_PREFIX",
    "StatusChangeNotice",
    "commissioner_digest_email_queue",
    "draft_resume_link_email_queue",
    "draft_resume_link_email_send",
    "information_reminder_email_queue",
    "information_request_email_queue",
    "meeting_words",
    "milestone_reminder_email_queue",
    "offer_acknowledgement_email_queue",
    "offer_submitted_emails_queue",
    "offer_team_summary_email_queue",
    "offer_withdrawn_email_queue",
    "portal_url",
    "provider_message_email_queue",
    "provider_sign_in_email_queue",
    "question_answer_email_queue",
    "question_asked_email_queue",
    "status_change_email_queue",
    "status_change_notice_email_queue",
    "status_url",
]
