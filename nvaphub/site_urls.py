from django.urls import path

from nvaphub import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("notifications/", views.notifications, name="notifications"),
]
