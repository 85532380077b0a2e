from django.urls import path

from somevakt.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.report, name="report"),
    path("secret-groups/<slug:slug>/register/", views.register_secret_group, name="register"),
    path("plans/", views.plans, name="plans"),
    path("plans/<slug:slug>/", views.plan, name="plan"),
    path("plans/<slug:slug>/<str:week>/", views.plan_week, name="plan_week"),
]
