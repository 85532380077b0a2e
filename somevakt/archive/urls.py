from django.urls import path

from somevakt.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.room, name="room"),
    path("decisions/<int:decision_id>/", views.decide, name="decide"),
    path("journal/", views.journal, name="journal"),
    path("journal/<int:journalpost_id>/screen/", views.screen, name="screen"),
    path("deliveries/<int:delivery_id>/retry/", views.delivery_retry, name="delivery_retry"),
    path("innsyn/", views.innsyn, name="innsyn"),
    path("public/", views.public_journal, name="public_journal"),
    path("public/offentligJournal.xml", views.public_journal_xml, name="public_journal_xml"),
]
