from django.urls import path

from practice import views

app_name = "practice"
urlpatterns = [
    path("", views.home, name="home"),
    path("library/export.<slug:fmt>", views.library_export, name="export"),
    path("library/exports/<uuid:pk>/", views.export_status, name="export-status"),
    path("library/exports/<uuid:pk>/progress/", views.export_progress, name="export-progress"),
    path("library/exports/<uuid:pk>/download/", views.export_download, name="export-download"),
    path("library/<int:pk>/", views.entry, name="entry"),
    path(
        "library/<int:pk>/attachments/<int:attachment_pk>/", views.entry_attachment, name="entry-attachment"
    ),
    path("examples/", views.examples, name="examples"),
    path("examples/new/", views.example_new, name="example-new"),
    path("examples/<int:pk>/", views.example, name="example"),
    path("examples/<int:pk>/edit/", views.example_edit, name="example-edit"),
    path("examples/<int:pk>/submit/", views.example_submit, name="example-submit"),
    path("examples/<int:pk>/owner/", views.example_owner, name="example-owner"),
    path("examples/<int:pk>/history/", views.example_history, name="example-history"),
    path("examples/<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("examples/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path(
        "examples/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    path("examples/<int:pk>/assess/", views.assess, name="assess"),
    path("examples/<int:pk>/assess/start/", views.assess_start, name="assess-start"),
    path("from-answer/<int:answer_pk>/", views.from_answer, name="from-answer"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_form, name="call-new"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("calls/<int:pk>/edit/", views.call_form, name="call-edit"),
    path("help/<slug:slug>/", views.find_help, name="help"),
    path("help/<slug:slug>/ask/", views.help_ask, name="help-ask"),
    path("help-requests/", views.help_requests, name="help-requests"),
    path("help-requests/<int:pk>/", views.help_request, name="help-request"),
    path("import/", views.import_examples, name="import"),
]
