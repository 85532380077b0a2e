from django.urls import path

from somevakt.guidelines import views

app_name = "guidelines"
urlpatterns = [
    path("", views.detail, name="detail"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("acknowledgements/", views.acknowledgements, name="acknowledgements"),
]
