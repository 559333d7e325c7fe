from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "unpersoned.archive"
    label = "archive"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"
