from django.urls import path

from somevakt.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.report, name="report"),
    path("secret-groups/<slug:slug>/register/", views.register_secret_group, name="register"),
]
