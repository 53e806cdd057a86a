from django.urls import include, path

from framework import authoring_views as authoring
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


# The national team's pages for drafting, publishing and crosswalking frameworks.
manage = [
    path("", authoring.home, name="manage"),
    path("new/", authoring.framework_new, name="framework-new"),
    path("crosswalks/", authoring.crosswalk_home, name="crosswalks"),
    path("crosswalks/<int:left>/<int:right>/new/", authoring.crosswalk_new, name="crosswalk-new"),
    path("crosswalks/links/<int:pk>/", authoring.crosswalk_edit, name="crosswalk-edit"),
    path("crosswalks/links/<int:pk>/confirm/", authoring.crosswalk_confirm, name="crosswalk-confirm"),
    path("crosswalks/links/<int:pk>/remove/", authoring.crosswalk_remove, name="crosswalk-remove"),
    path("<slug:framework>/", authoring.framework_page, name="manage-framework"),
    path("<slug:framework>/draft/", authoring.start_draft, name="start-draft"),
    path("<slug:framework>/v/<str:label>/", authoring.draft, name="draft"),
    path("<slug:framework>/v/<str:label>/details/", authoring.version_edit, name="version-edit"),
    path("<slug:framework>/v/<str:label>/compare/", authoring.compare, name="compare"),
    path("<slug:framework>/v/<str:label>/publish/", authoring.publish, name="publish"),
    path("<slug:framework>/v/<str:label>/yaml/", authoring.export_zip, name="export"),
    path("<slug:framework>/v/<str:label>/carry/", authoring.carry, name="carry"),
    path("<slug:framework>/v/<str:label>/welsh/", authoring.welsh_home, name="welsh"),
    path(
        "<slug:framework>/v/<str:label>/welsh/<slug:kind>/<str:key>/", authoring.welsh_edit, name="welsh-edit"
    ),
    path("<slug:framework>/v/<str:label>/peel/new/", authoring.peel_measure_edit, name="peel-new"),
    path("<slug:framework>/v/<str:label>/peel/<int:pk>/", authoring.peel_measure_edit, name="peel-edit"),
    path(
        "<slug:framework>/v/<str:label>/peel/<int:pk>/remove/",
        authoring.peel_measure_remove,
        name="peel-remove",
    ),
    path(
        "<slug:framework>/v/<str:label>/perennial-issues/new/",
        authoring.perennial_issue_edit,
        name="perennial-new",
    ),
    path(
        "<slug:framework>/v/<str:label>/perennial-issues/<int:pk>/",
        authoring.perennial_issue_edit,
        name="perennial-edit",
    ),
    path(
        "<slug:framework>/v/<str:label>/perennial-issues/<int:pk>/remove/",
        authoring.perennial_issue_remove,
        name="perennial-remove",
    ),
    path("<slug:framework>/v/<str:label>/groupings/new/", authoring.theme_edit, name="theme-new"),
    path("<slug:framework>/v/<str:label>/groupings/<int:pk>/", authoring.theme_edit, name="theme-edit"),
    path(
        "<slug:framework>/v/<str:label>/groupings/<int:pk>/remove/",
        authoring.theme_remove,
        name="theme-remove",
    ),
    path("<slug:framework>/v/<str:label>/actions/new/", authoring.action_edit, name="action-new"),
    path("<slug:framework>/v/<str:label>/actions/<str:code>/", authoring.action_edit, name="action-edit"),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/remove/",
        authoring.action_remove,
        name="action-remove",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/",
        authoring.toolkit_edit,
        name="toolkit-edit",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/new/",
        authoring.toolkit_objective_edit,
        name="toolkit-objective-new",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/<int:number>/",
        authoring.toolkit_objective_edit,
        name="toolkit-objective-edit",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/<int:number>/remove/",
        authoring.toolkit_objective_remove,
        name="toolkit-objective-remove",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/<int:number>/rows/new/",
        authoring.logic_row_edit,
        name="logic-row-new",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/<int:number>/rows/<int:pk>/",
        authoring.logic_row_edit,
        name="logic-row-edit",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/objectives/<int:number>/rows/<int:pk>/remove/",
        authoring.logic_row_remove,
        name="logic-row-remove",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/objectives/new/",
        authoring.objective_edit,
        name="objective-new",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/objectives/<int:number>/",
        authoring.objective_edit,
        name="objective-edit",
    ),
    path(
        "<slug:framework>/v/<str:label>/actions/<str:code>/objectives/<int:number>/remove/",
        authoring.objective_remove,
        name="objective-remove",
    ),
]

urlpatterns = [
    path("", views.plan, name="plan"),
    path("search/", views.search_page, name="search"),
    path("manage/", include(manage)),
    path(
        "crosswalks/<slug:left>/<str:left_label>/<slug:right>/<str:right_label>/",
        views.crosswalk,
        name="crosswalk",
    ),
    path("<slug:framework>/", include(versioned)),
    path("<slug:framework>/versions/", views.versions, name="versions"),
    path("<slug:framework>/actions/<str:code>/history/", views.action_history, name="history"),
    path("<slug:framework>/v/<str:label>/", include(_suffixed(versioned, "-version"))),
]
