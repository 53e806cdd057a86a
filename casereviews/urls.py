from django.urls import path

from casereviews import views

app_name = "casereviews"
urlpatterns = [
    path("", views.repository, name="repository"),
    path("analysis/", views.analysis, name="analysis"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/new/", views.review_new, name="review-new"),
    path("reviews/import/", views.review_import, name="review-import"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("reviews/<int:pk>/screen/", views.review_screen, name="review-screen"),
    path("reviews/<int:pk>/subjects/<int:subject_pk>/remove/", views.subject_remove, name="subject-remove"),
    path("reviews/<int:pk>/coding/", views.coding, name="coding"),
    path("reviews/<int:pk>/coding/<int:point_pk>/remove/", views.point_remove, name="point-remove"),
    path("reviews/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("reviews/<int:pk>/publish/", views.publish, name="publish"),
    path("themes/", views.themes, name="themes"),
    path("themes/<int:pk>/", views.theme, name="theme"),
    path("briefings/", views.briefings, name="briefings"),
    path("briefings/new/", views.briefing_new, name="briefing-new"),
    path("briefings/<int:pk>/", views.briefing, name="briefing"),
    path("briefings/<int:pk>/edit/", views.briefing_edit, name="briefing-edit"),
    path("briefings/<int:pk>/publish/", views.briefing_publish, name="briefing-publish"),
    path("briefings/<int:pk>/pdf/", views.briefing_pdf, name="briefing-pdf"),
    path("briefings/<int:pk>/responses/<int:response_pk>/", views.response, name="response"),
]
