"""The JSON API at /api/v1/, put together from each app's router. Its OpenAPI description
(/api/v1/schema/) is generated from the operations' types, so it cannot drift from them."""

from django.urls import path
from ninja import NinjaAPI

from benchmarking.api import router as benchmarking
from casereviews.api import router as casereviews
from community.api import router as community
from core.api import PersonThrottle, install_error_handlers, json_method_not_allowed, keep_sent
from deaths.api import router as deaths
from framework.api import router as plan
from organisations import access
from practice.api import router as practice
from reviews.api import router as reviews

api = NinjaAPI(
    title="NVAP Hub API",
    version="1",
    description=(
        "Read the plan, benchmarking, the practice library, peer reviews and learning from case reviews (and, for deaths analysts and leads, suppressed summaries of domestic abuse-related deaths) as JSON, for BI tools such as "
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
# Each router and the access policy its auth amounts to, for the site-wide access walk.
ROUTERS = {
    plan: access.PLAN_READER,
    benchmarking: access.SIGNED_IN,
    practice: access.SIGNED_IN,
    reviews: access.SIGNED_IN,
    casereviews: access.SIGNED_IN,
    community: access.SIGNED_IN,
    deaths: access.SIGNED_IN,
}
for router in ROUTERS:
    api.add_router("", router)


def urls():
    """The API's URL patterns, each answering a method it never takes with a JSON 405, keeping
    the answers its operation asks to keep (core.api.send_kept), and marked with who may reach
    it for the site-wide access walk."""
    policies = {
        path_.strip("/").split("/")[0]: policy
        for router, policy in ROUTERS.items()
        for path_ in router.path_operations
    }
    patterns, app_name, _ = api.urls
    marked = []
    for pattern in patterns:
        callback = keep_sent(json_method_not_allowed(pattern.callback))
        route = str(pattern.pattern)
        # The API's index and its description are public; every operation has its router's.
        callback.access_policy = policies.get(route.split("/")[0], access.PUBLIC)
        marked.append(path(route, callback, name=pattern.name))
    return marked, app_name
