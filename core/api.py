"""What every part of the JSON API shares: one error shape, one pagination, one rate limit.

The API itself is put together in nvaphub.api from each app's router; this module knows
nothing of our apps. Errors are always JSON of the form
{"error": {"code": "...", "message": "..."}} (with "fields" for bad parameters), for 400,
401, 403, 404, 405 and 429 alike.
"""

import hashlib
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import PaginationBase
from ninja.throttling import UserRateThrottle
from pydantic import BaseModel

from core.cache import keep, kept, kept_already

MAX_PAGE = 1_000_000
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[str] | None = None


class Error(Schema):
    error: ErrorBody


class ApiError(HttpError):
    """Raise in an operation for a JSON error with a stable code."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(status, message)
        self.code = code


def error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)


def install_error_handlers(api) -> None:
    """Every error the API can give, as the one JSON shape."""

    def handle(kind, respond):
        api.add_exception_handler(kind, lambda request, exc: respond(exc))

    handle(_SentBefore, lambda exc: HttpResponse(exc.content, content_type=exc.content_type))
    handle(ApiError, lambda exc: error(exc.status_code, exc.code, exc.message))
    handle(AuthenticationError, lambda exc: error(401, "not_authenticated", "Sign in, or send an API token."))
    handle(ValidationError, _bad_parameters)
    handle(Http404, lambda exc: error(404, "not_found", str(exc) or "Not found."))
    handle(
        PermissionDenied, lambda exc: error(403, "forbidden", str(exc) or "Your role does not allow this.")
    )
    handle(
        Throttled,
        lambda exc: _with_retry(error(429, "too_many_requests", "Too many requests: slow down."), exc.wait),
    )
    handle(HttpError, lambda exc: error(exc.status_code, "error", str(exc.message)))


def _bad_parameters(exc: ValidationError) -> JsonResponse:
    names = sorted({str(problem.get("loc", [""])[-1]) for problem in exc.errors})
    if {"page", "page_size"} & set(names):
        return error(
            400,
            "bad_pagination",
            f"page must be a whole number from 1 to {MAX_PAGE:,} and page_size from 1 to {MAX_PAGE_SIZE}.",
            fields=names,
        )
    return error(
        400, "bad_parameters", "Some parameters are not valid: " + ", ".join(names) + ".", fields=names
    )


def _with_retry(response: JsonResponse, wait) -> JsonResponse:
    if wait:
        response["Retry-After"] = str(int(wait) + 1)
    return response


# Answers kept as sent. An operation whose answer is decided by a key naming its data's
# version calls send_kept first: an answer kept under it is sent again at once, without
# paging, checking or encoding it again; otherwise the answer the operation goes on to make
# is kept as sent (keep_sent, round every operation's view).


class _SentBefore(Exception):
    """Carries an answer kept as sent past the rest of the operation (install_error_handlers
    sends it)."""

    def __init__(self, content: bytes, content_type: str):
        super().__init__("sent before")
        self.content, self.content_type = content, content_type


def send_kept(request: HttpRequest, key: str) -> None:
    """Sends the answer kept under `key` for this address, if there is one (raising past the
    operation); otherwise marks the answer about to be made for keeping. `key` must name the
    version of the data and everything else that decides what this caller receives; the host
    and the whole query string are added (the answer's own links carry them)."""
    asked = f"{key}|{request.get_host()}|{request.get_full_path()}"
    name = "api-sent:" + hashlib.sha256(asked.encode()).hexdigest()
    found = kept_already(name, local=True)
    if found is not None:
        raise _SentBefore(*found)
    request._keep_sent_as = name  # type: ignore[attr-defined]


def keep_sent(view):
    """Keeps an operation's answer as sent when the operation asked for it (send_kept)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        name = getattr(request, "_keep_sent_as", None)
        if name and response.status_code == 200 and not response.streaming:
            keep(name, (response.content, response["Content-Type"]), local=True)
        return response

    return wrapper


def json_method_not_allowed(view):
    """Ninja answers a method an address never takes with a plain-text 405; ours is JSON too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "GET")
            response = error(405, "method_not_allowed", f"Only {allowed} is allowed here.")
            response["Allow"] = allowed
        return response

    return wrapper


class PersonThrottle(UserRateThrottle):
    """Requests per person (per address when signed out), at settings.API_RATE_LIMIT, read at
    each request so the limit can change without a restart of this object."""

    def __init__(self):
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request: HttpRequest) -> bool:
        if self.rate != settings.API_RATE_LIMIT:
            self.rate = settings.API_RATE_LIMIT
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class Pages(PaginationBase):
    """`?page=` (from 1) and `?page_size=` (1 to 500, 100 by default), with links to the next
    and previous pages. The same on every list."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        page, size = pagination.page, pagination.page_size
        count = queryset.count()
        start = (page - 1) * size

        def link(number):
            query = request.GET.copy()
            query["page"] = number
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": count,
            "next": link(page + 1) if start + size < count else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": list(queryset[start : start + size]),
        }


# The description of every `force_ons_code` field: what BI tools join other police data on.
ONS_CODE = (
    "The force's ONS police force area code (E23000024 for Norfolk), for joining to other "
    "police data; null for British Transport Police, which has none."
)


class Out(BaseModel):
    """What an operation sends, built by the operation as plain data (dicts): checked by
    pydantic directly, without the wrapper ninja's Schema puts round every value so it can
    read model instances (a third of the time of a page of a hundred)."""


class Shaped:
    """A queryset whose items are turned into plain data as a page is cut from it, so an
    operation can say exactly what each role receives."""

    def __init__(self, queryset, shape):
        self.queryset, self.shape = queryset, shape

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        return [self.shape(item) for item in self.queryset[window]]


class Kept:
    """A Shaped list whose count and pages, once shaped, are kept in the cache under `key`.
    The key must name the version of the data it was read from (a change makes a new key),
    and everything else that decides what the caller receives."""

    def __init__(self, shaped: Shaped, key: str, timeout: int = 60 * 60):
        self.shaped, self.key, self.timeout = shaped, key, timeout

    def _kept(self, key: str, make):
        return kept(key, make, self.timeout, local=True)

    def count(self) -> int:
        return int(self._kept(f"{self.key}:count", self.shaped.count))

    def __getitem__(self, window: slice) -> list:
        return list(self._kept(f"{self.key}:{window.start}:{window.stop}", lambda: self.shaped[window]))
