"""The JSON API at /api/v1/, put together from each app's router. Its OpenAPI description
(/api/v1/schema/) is generated from the operations' types, so it cannot drift from them."""

from django.urls import path
from ninja import NinjaAPI

from benchmarking.api import router as benchmarking
from core.api import PersonThrottle, install_error_handlers, json_method_not_allowed
from framework.api import router as plan
from practice.api import router as practice

api = NinjaAPI(
    title="NVAP Hub API",
    version="1",
    description=(
        "Read the plan, benchmarking and the practice library as JSON, for BI tools such as "
        "Power BI and Qlik Sense. Send a personal API token as `Authorization: Bearer <token>` "
        "(make one under API tokens), or use a signed-in browser. Lists are paged with `page` "
        "and `page_size` (at most 500). Errors are JSON objects with an `error` holding a "
        "`code` and a `message`."
    ),
    openapi_url="/schema/",
    docs_url=None,
    throttle=[PersonThrottle()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("", plan)
api.add_router("", benchmarking)
api.add_router("", practice)


def urls():
    """The API's URL patterns, each answering a method it never takes with a JSON 405, and
    marked with who may reach it for the site-wide access walk."""
    patterns, app_name, namespace = api.urls
    marked = []
    for pattern in patterns:
        callback = json_method_not_allowed(pattern.callback)
        route = str(pattern.pattern)
        if route in ("", "schema/"):
            callback.access_policy = "public"  # the description of the API, and its index
        elif route.startswith("frameworks/"):
            callback.access_policy = "plan_reader"
        else:
            callback.access_policy = "signed_in"
        marked.append(path(route, callback, name=pattern.name))
    return marked, app_name
