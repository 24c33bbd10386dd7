"""Structured logs: one JSON object per line, and a request id on every record.

``JsonFormatter`` writes each record as a single line of JSON with its time,
level, logger and message, and any ``extra=`` fields the caller gave, such as
``offer_reference``. Production uses it (``LOG_FORMAT=json``); the embedded
run keeps plain lines (``LOG_FORMAT=plain``).

``RequestIdMiddleware`` gives each request an id: the ``X-Request-ID`` header
the proxy in front set, if it looks like one, else a new random one. The id is
kept in a context variable for the length of the request, sent back in the
response's ``X-Request-ID`` header, and put on every log record written
meanwhile by ``RequestIdFilter`` (attached to the handlers in settings), so
all the lines of one request can be found together. Outside a request (Celery
tasks, commands) the record's ``request_id`` is None.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy is kept only if it is short and plain: it goes into
# every log line and back into a response header.
_REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# The attributes every LogRecord has; anything else on a record came from
# ``extra=`` (or a filter) and goes into the JSON as it is.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Put the current request's id on the record as ``request_id``."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, then extras."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES and value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestIdMiddleware:
    """Give every request an id for its log lines and its response.

    First in MIDDLEWARE, so that what every other middleware and the view
    logs carries the id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _REQUEST_ID_SHAPE.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response
