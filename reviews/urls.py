from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.request_review, name="request"),
    path("propose/", views.propose, name="propose"),
    path("findings/", views.across, name="across"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
    path("<int:pk>/questions/", views.questions, name="questions"),
    path("<int:pk>/questions/<int:question_pk>/remove/", views.question_remove, name="question-remove"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:request_pk>/", views.evidence_request, name="evidence-request"),
    path(
        "<int:pk>/evidence/<int:request_pk>/files/<int:file_pk>/", views.evidence_file, name="evidence-file"
    ),
    path(
        "<int:pk>/evidence/<int:request_pk>/files/<int:file_pk>/remove/",
        views.evidence_file_remove,
        name="evidence-file-remove",
    ),
    path("<int:pk>/fieldwork/", views.fieldwork, name="fieldwork"),
    path("<int:pk>/findings/", views.findings, name="findings"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/pdf/", views.report_pdf, name="report-pdf"),
    path("<int:pk>/action-plan/", views.action_plan, name="action-plan"),
    path("<int:pk>/action-plan/<int:finding_pk>/", views.respond, name="respond"),
    path("<int:pk>/summary/", views.summary, name="summary"),
]
