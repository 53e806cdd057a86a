from django.urls import path

from practice import api

urlpatterns = [
    path("practice/", api.practice, name="api-practice"),
    path("practice/<int:pk>/", api.practice_entry, name="api-practice-entry"),
]
