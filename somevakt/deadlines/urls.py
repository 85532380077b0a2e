from django.urls import path

from somevakt.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:clock_id>/assign/", views.assign, name="assign"),
    path("<int:clock_id>/answered/", views.answered, name="answered"),
    path("crisis/", views.crisis, name="crisis"),
]
