from django.urls import path

from somevakt.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.policy_detail, name="detail"),
]
