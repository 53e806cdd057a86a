from django.urls import path

from impact import views

app_name = "impact"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("forces/<slug:slug>/", views.dashboard, name="dashboard"),
    path("forces/<slug:slug>/start/<str:code>/", views.plan_start, name="plan-start"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/journey/", views.journey, name="journey"),
    path("plans/<int:pk>/history/", views.plan_history, name="history"),
    path("plans/<int:pk>/template.xlsx", views.plan_xlsx, name="xlsx"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("plans/<int:pk>/import/", views.plan_import, name="import"),
    path("plans/<int:pk>/objectives/add/", views.objectives_add, name="objectives-add"),
    path("plans/<int:pk>/objectives/<int:objective_pk>/", views.objective_edit, name="objective"),
    path(
        "plans/<int:pk>/objectives/<int:objective_pk>/activities/",
        views.activities_add,
        name="activities-add",
    ),
    path("plans/<int:pk>/objectives/<int:objective_pk>/measures/", views.measure_add, name="measure-add"),
    path("plans/<int:pk>/objectives/<int:objective_pk>/risks/", views.risk_add, name="risk-add"),
    path("plans/<int:pk>/objectives/<int:objective_pk>/progress/", views.progress_add, name="progress"),
    path("plans/<int:pk>/<slug:kind>/<int:item_pk>/", views.item_edit, name="item"),
    path("plans/<int:pk>/<slug:kind>/<int:item_pk>/remove/", views.item_remove, name="item-remove"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("measures/<int:pk>/chart.svg", views.measure_chart, name="measure-chart"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/values/", views.measure_values, name="measure-values"),
    path("measures/<int:pk>/upload/", views.measure_upload, name="measure-upload"),
    path("measures/<int:pk>/remove/", views.measure_remove, name="measure-remove"),
    path("suggested-measures/<int:pk>/", views.suggested_measure, name="suggested-measure"),
]
