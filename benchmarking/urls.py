from django.urls import path

from benchmarking import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.home, name="home"),
    path("exercises/new/", views.exercise_new, name="exercise-new"),
    path("exercises/<int:pk>/", views.exercise, name="exercise"),
    path("exercises/<int:pk>/<slug:change>/", views.exercise_change, name="exercise-change"),
    path("returns/<int:pk>/", views.return_detail, name="return"),
    path("returns/<int:pk>/answers/<int:answer_pk>/", views.answer_edit, name="answer"),
    path("returns/<int:pk>/submit/", views.return_submit, name="submit"),
    path("returns/<int:pk>/review/", views.return_review, name="review"),
    path("returns/<int:pk>/answers/<int:answer_pk>/review/", views.answer_review, name="answer-review"),
    path("returns/<int:pk>/extension/", views.return_extension, name="extension"),
]
