from django.urls import path

from somevakt.publishing import public

app_name = "public"
urlpatterns = [
    path("", public.page, name="page"),
    path("feed.atom", public.feed, name="feed"),
]
