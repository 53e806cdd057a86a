"""A request id on every log line, every response and every error page, so that a person can
quote it and an operator can find what happened; and each request's database query count."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.db import connections

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")

# An id a proxy in front may already have given the request (kept when it looks like one).
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Reads X-Request-ID from the proxy or makes one; sends it back on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _ACCEPTABLE.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (`-` outside a request)."""

    def filter(self, record):
        # Django logs a failed request after the middleware has finished, with the request.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


class QueryCounter:
    """Counts the queries run on every database connection while it is active."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrappers = [c.execute_wrapper(self) for c in connections.all()]
        for wrapper in self._wrappers:
            wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        for wrapper in reversed(self._wrappers):
            wrapper.__exit__(*exc)
