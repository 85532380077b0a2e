from django.urls import path

from somevakt.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("approvals/", views.approvals, name="approvals"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/<slug:step>/", views.case_step, name="case_step"),
    path("items/<int:item_id>/report/", views.item_report, name="report"),
    path("authors/<int:author_id>/", views.author_detail, name="author"),
    path("authors/<int:author_id>/ban/", views.ban_propose_view, name="ban_propose"),
    path("bans/<int:ban_id>/<slug:step>/", views.ban_step, name="ban_step"),
    path("feedback/<int:feedback_id>/sent/", views.feedback_sent, name="feedback_sent"),
]
