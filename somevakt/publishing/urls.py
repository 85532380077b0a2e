from django.urls import path

from somevakt.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.post_list_view, name="list"),
    path("new/", views.post_new, name="new"),
    path("check/", views.post_check, name="check"),
    path("review/", views.review, name="review"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit_view, name="edit"),
    path("posts/<int:post_id>/status/", views.post_status, name="status"),
    path("posts/<int:post_id>/<slug:step>/", views.post_step, name="step"),
]
