from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<slug:slug>/", views.detail, name="detail"),
]
