from django.urls import path

from somevakt.sources import views

app_name = "sources"
urlpatterns = [
    path("", views.channels_list, name="list"),
    path("<slug:slug>/", views.channel_detail, name="detail"),
]
