from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from nvaphub.api import urls as api_urls
from organisations.admin import admin_site

# Every page in English at its own address and in Welsh under /cy/ (the language a page is
# shown in comes from its address, so a link, a bookmark or an email keeps its language).
# The JSON API is the same in both and has one address.
urlpatterns = [
    path("api/v1/", include(api_urls(), namespace="api")),
    *i18n_patterns(
        path("", include("nvaphub.site_urls")),
        path("accounts/", include("accounts.urls")),
        path("organisations/", include("organisations.urls")),
        path("plan/", include("framework.urls")),
        path("benchmarking/", include("benchmarking.urls")),
        path("impact/", include("impact.urls")),
        path("practice/", include("practice.urls")),
        path("reviews/", include("reviews.urls")),
        path("case-reviews/", include("casereviews.urls")),
        path("deaths/", include("deaths.urls")),
        path("community/", include("community.urls")),
        path("admin/", admin_site.urls),
        prefix_default_language=False,
    ),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
