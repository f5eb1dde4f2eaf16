from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from . import search_index  # noqa: F401 - connects the signals that keep the index in sync
        from .cache import bump_on_change

        # Connected for every sender and filtered by app, so models other apps add to the
        # content apps invalidate the page cache without wiring of their own.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_on_change, dispatch_uid="articles.cache.bump")
