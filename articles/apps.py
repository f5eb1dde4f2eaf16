from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save


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

        # imagekit watches the init and save of every model for the sources of its
        # ImageSpecFields. Renditions here are registered generators (`articles.renditions`),
        # not such fields, so the watch found nothing to do, at a call for every article, author
        # and tag loaded. Should a model ever declare one, imagekit has a source and keeps it.
        from imagekit.specs.sourcegroups import signal_router

        if not signal_router._source_groups:
            for signal in (post_init, post_save):
                signal.disconnect(dispatch_uid="ik_spec_field_receivers")
