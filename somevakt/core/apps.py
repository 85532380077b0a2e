from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "somevakt.core"
    label = "core"
    verbose_name = "somevakt"
