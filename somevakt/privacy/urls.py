from django.urls import path

from somevakt.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.authors, name="authors"),
    path("export/", views.export, name="export"),
]
