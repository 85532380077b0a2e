from django.urls import path

from somevakt.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("import/", views.import_file, name="import"),
]
