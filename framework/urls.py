from django.urls import include, path

from framework import views

app_name = "framework"

# Pages that exist for the latest version and, under v/<label>/, for any version.
versioned = [
    path("", views.overview, name="overview"),
    path("actions/<str:code>/", views.action, name="action"),
    path("actions/<str:code>/pdf/", views.action_pdf, name="action-pdf"),
    path("actions/<str:code>/toolkit/", views.toolkit, name="toolkit"),
    path("actions/<str:code>/toolkit/pdf/", views.toolkit_pdf, name="toolkit-pdf"),
    path("peel/<str:code>/", views.peel_measure, name="peel"),
    path("perennial-issues/<slug:slug>/", views.perennial_issue, name="perennial"),
]


def _suffixed(patterns, suffix):
    return [path(str(p.pattern), p.callback, name=f"{p.name}{suffix}") for p in patterns]


urlpatterns = [
    path("", views.plan, name="plan"),
    path("search/", views.search_page, name="search"),
    path("<slug:framework>/", include(versioned)),
    path("<slug:framework>/versions/", views.versions, name="versions"),
    path("<slug:framework>/actions/<str:code>/history/", views.action_history, name="history"),
    path("<slug:framework>/v/<str:label>/", include(_suffixed(versioned, "-version"))),
]
