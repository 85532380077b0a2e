from django.urls import path

from somevakt.servicedesk import views

app_name = "servicedesk"
urlpatterns = [
    path("", views.service_desk, name="list"),
    path("items/<int:item_id>/tag/", views.tag, name="tag"),
    path("tags/<int:tag_id>/handled/", views.handle, name="handle"),
    path("templates/", views.template_create, name="template_create"),
]
