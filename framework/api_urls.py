from django.urls import path

from framework import api

urlpatterns = [
    path("frameworks/", api.frameworks, name="api-frameworks"),
    path("frameworks/<slug:framework>/", api.framework_version, name="api-framework"),
    path(
        "frameworks/<slug:framework>/versions/<str:label>/",
        api.framework_version,
        name="api-framework-version",
    ),
]
