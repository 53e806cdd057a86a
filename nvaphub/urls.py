from django.urls import include, path

from nvaphub import views as site_views
from organisations.admin import admin_site

urlpatterns = [
    path("", include("nvaphub.site_urls")),
    path("accounts/", include("accounts.urls")),
    path("organisations/", include("organisations.urls")),
    path("plan/", include("framework.urls")),
    path("benchmarking/", include("benchmarking.urls")),
    path("impact/", include("impact.urls")),
    path("practice/", include("practice.urls")),
    path("api/v1/", include("framework.api_urls")),
    path("api/v1/", include("benchmarking.api_urls")),
    path("api/v1/", include("practice.api_urls")),
    path("api/v1/schema/", site_views.openapi_schema, name="openapi-schema"),
    path("admin/", admin_site.urls),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
