from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("moderation/", views.moderation, name="moderation"),
    path("spaces/new/", views.space_new, name="space-new"),
    path("spaces/<slug:slug>/", views.space, name="space"),
    path("spaces/<slug:slug>/edit/", views.space_edit, name="space-edit"),
    path("spaces/<slug:slug>/join/", views.join, name="join"),
    path("spaces/<slug:slug>/leave/", views.leave, name="leave"),
    path("spaces/<slug:slug>/follow/", views.follow_space, name="follow-space"),
    path("spaces/<slug:slug>/members/", views.members, name="members"),
    path("spaces/<slug:slug>/members/<int:user_id>/<slug:step>/", views.member_step, name="member-step"),
    path("spaces/<slug:slug>/new/", views.thread_new, name="thread-new"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("threads/<int:pk>/follow/", views.follow_thread, name="follow-thread"),
    path("threads/<int:pk>/lock/", views.lock, name="lock"),
    path("threads/<int:pk>/materials/", views.materials, name="materials"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/history/", views.post_history, name="post-history"),
    path("posts/<int:pk>/report/", views.report, name="report"),
    path("posts/<int:pk>/hide/", views.hide, name="hide"),
    path("posts/<int:pk>/accept/", views.accept, name="accept"),
    path("posts/<int:pk>/official/", views.official, name="official"),
    path("reports/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("practice/<int:entry_id>/", views.practice, name="practice"),
]
