from django.urls import path

from deaths.views import national, records

app_name = "deaths"
urlpatterns = [
    path("", records.home, name="home"),
    path("reason/", records.reason, name="reason"),
    path("notify/", records.notify, name="notify"),
    path("records/", national.search, name="search"),
    path("records/export.csv", national.export, name="export"),
    path("records/<int:pk>/", records.record, name="record"),
    path("records/<int:pk>/print/", records.record_print, name="record-print"),
    path("records/<int:pk>/edit/", records.record_edit, name="record-edit"),
    path("records/<int:pk>/send/", records.record_send, name="record-send"),
    path("records/<int:pk>/people/add/", records.person_add, name="person-add"),
    path("records/<int:pk>/people/<int:person_pk>/", records.person, name="person"),
    path("records/<int:pk>/people/<int:person_pk>/remove/", records.person_remove, name="person-remove"),
    path("records/<int:pk>/answer/", records.answer, name="answer"),
    path("records/<int:pk>/challenge/", records.challenge, name="challenge"),
    path("records/<int:pk>/validate/", records.validate, name="validate"),
    path("records/<int:pk>/coding/", records.coding, name="coding"),
    path(
        "records/<int:pk>/recommendations/<int:recommendation_pk>/remove/",
        records.recommendation_remove,
        name="recommendation-remove",
    ),
    path("dashboard/", national.dashboard, name="dashboard"),
    path("reports/", national.reports, name="reports"),
    path("reports/new/", national.report_new, name="report-new"),
    path("reports/<int:pk>/", national.report, name="report"),
    path("reports/<int:pk>/pdf/", national.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/csv/", national.report_csv, name="report-csv"),
    path("access/", national.access_log, name="access-log"),
    path("access/monthly/", national.access_month, name="access-month"),
    path("retention/", national.retention, name="retention"),
    path("retention/<int:pk>/delete/", national.retention_delete, name="retention-delete"),
    path("roles/", national.grants, name="grants"),
    path("roles/<int:grant_pk>/remove/", national.grant_remove, name="grant-remove"),
    path("lists/", national.lists, name="lists"),
    path("lists/<int:term_pk>/", national.term, name="term"),
]
