from django.urls import include, path

from nvaphub.api import urls as api_urls
from organisations.admin import admin_site

urlpatterns = [
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
    path("api/v1/", include(api_urls(), namespace="api")),
    path("admin/", admin_site.urls),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
