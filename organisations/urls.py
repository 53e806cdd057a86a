from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.mine, name="mine"),
    # An invitation's link (public: the key is the secret).
    path("invitations/<str:key>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/changes/", views.changes, name="changes"),
    path(
        "<slug:slug>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("<slug:slug>/people/<int:person_pk>/role/", views.role, name="role"),
    path("<slug:slug>/people/<int:person_pk>/remove/", views.remove, name="remove"),
    path("<slug:slug>/people/<int:person_pk>/restore/", views.restore, name="restore"),
    path(
        "<slug:slug>/people/<int:person_pk>/reset-second-factor/",
        views.second_factor_reset,
        name="second-factor-reset",
    ),
    path("<slug:slug>/second-factors/", views.second_factors, name="second-factors"),
    path("<slug:slug>/review/confirm/", views.review_confirm, name="review-confirm"),
]
