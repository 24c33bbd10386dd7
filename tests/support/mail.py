"""Email backends that fail, for the outbox's fault tests.

Configure one with ``settings.EMAIL_BACKEND = "tests.support.mail.<Name>"``;
what they do deliver lands in ``django.core.mail.outbox`` (locmem).
"""

import smtplib
import threading
import time

from django.core.mail.backends import locmem


class FailingTwiceBackend(locmem.EmailBackend):
    """The SMTP server drops the connection on the first two sends, then works."""

    failures_left = 2

    def send_messages(self, messages):
        if FailingTwiceBackend.failures_left > 0:
            FailingTwiceBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class DownBackend(locmem.EmailBackend):
    """The SMTP server refuses every connection."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class SlowBackend(locmem.EmailBackend):
    """Takes a while to send: two tasks at once overlap inside it."""

    delay = 0.5
    lock = threading.Lock()

    def send_messages(self, messages):
        time.sleep(self.delay)
        with self.lock:  # locmem's outbox is a plain list
            return super().send_messages(messages)
