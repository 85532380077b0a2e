from django.urls import path

from somevakt.connectors import views

app_name = "connectors"
urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("<int:account_id>/<slug:step>/", views.account_step, name="account_step"),
    path("webhook/<slug:platform>/", views.webhook, name="webhook"),
]
