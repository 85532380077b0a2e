from django.urls import path

from somevakt.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("weekly.pdf", views.weekly_pdf, name="weekly_pdf"),
    path("crisis/", views.crisis, name="crisis"),
]
