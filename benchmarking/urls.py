from django.urls import path

from benchmarking import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.home, name="home"),
    path("positions/", views.positions, name="positions"),
    path("positions/live/", views.live_picture, name="live-picture"),
    path("positions/live/<str:code>/", views.live_action, name="live-action"),
    path("positions/<slug:slug>/", views.force_positions, name="force-positions"),
    path("positions/<slug:slug>/<str:code>/", views.position_edit, name="position"),
    path(
        "positions/<slug:slug>/<str:code>/objectives/<int:objective>/",
        views.position_edit,
        name="position-objective",
    ),
    path("similar-forces/", views.similar_forces, name="similar-forces"),
    path("similar-forces/<slug:slug>/", views.similar_forces_edit, name="similar-forces-edit"),
    path("exercises/new/", views.exercise_new, name="exercise-new"),
    path("exercises/<int:pk>/", views.exercise, name="exercise"),
    path("exercises/<int:pk>/scale/", views.exercise_scale, name="scale"),
    path("exercises/<int:pk>/edit/", views.exercise_edit, name="exercise-edit"),
    path("exercises/<int:pk>/picture/", views.national_picture, name="picture"),
    path("exercises/<int:pk>/picture/chart.svg", views.national_picture_chart, name="picture-chart"),
    path("exercises/<int:pk>/picture/pdf/", views.national_picture_pdf, name="picture-pdf"),
    path("exercises/<int:pk>/export.<slug:fmt>", views.exercise_export, name="export"),
    path("exercises/<int:pk>/picture/<str:code>/<slug:show>/", views.picture_answers, name="picture-answers"),
    path(
        "exercises/<int:pk>/picture/<str:code>/<slug:show>/<int:value>/",
        views.picture_answers,
        name="picture-answers-rated",
    ),
    path("exercises/<int:pk>/findings/<str:code>/", views.key_finding, name="key-finding"),
    path("exercises/<int:pk>/<slug:change>/", views.exercise_change, name="exercise-change"),
    path("returns/<int:pk>/", views.return_detail, name="return"),
    path("returns/<int:pk>/answers/<int:answer_pk>/", views.answer_edit, name="answer"),
    path("returns/<int:pk>/answers/<int:answer_pk>/evidence/", views.answer_evidence, name="evidence"),
    path("returns/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence-download"),
    path(
        "returns/<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence-remove"
    ),
    path("returns/<int:pk>/submit/", views.return_submit, name="submit"),
    path("returns/<int:pk>/submitted/", views.return_submitted, name="submitted"),
    path("returns/<int:pk>/assign/", views.return_assign, name="assign"),
    path("returns/<int:pk>/review/", views.return_review, name="review"),
    path("returns/<int:pk>/answers/<int:answer_pk>/review/", views.answer_review, name="answer-review"),
    path("returns/<int:pk>/extension/", views.return_extension, name="extension"),
    path("returns/<int:pk>/report/", views.return_report, name="report"),
    path("returns/<int:pk>/workbook/", views.return_workbook_download, name="workbook"),
    path("returns/<int:pk>/workbook/upload/", views.return_workbook_upload, name="workbook-upload"),
    path("returns/<int:pk>/answers.csv", views.return_csv, name="return-csv"),
    path("returns/<int:pk>/report/pdf/", views.return_report_pdf, name="report-pdf"),
    path("returns/<int:pk>/compare/<str:code>/", views.compare, name="compare"),
    path(
        "returns/<int:pk>/compare/<str:code>/<slug:chart>.<slug:fmt>",
        views.compare_chart,
        name="compare-chart",
    ),
    path("returns/<int:pk>/share-name/", views.return_share_name, name="share-name"),
]
