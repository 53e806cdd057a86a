from django.urls import path

from benchmarking import api

urlpatterns = [
    path("exercises/", api.exercises, name="api-exercises"),
    path("exercises/<int:pk>/answers/", api.exercise_answers, name="api-exercise-answers"),
]
