"""Writing the full-text index that `articles.search` reads, and keeping it in sync.

Every write to an article, its tags or a tag's name rewrites the affected rows in the same
transaction (the receivers below, connected in `ArticlesConfig.ready`). Writes that bypass
Django (raw SQL, `update()`, a restored dump) need `manage.py rebuild_search_index`.
"""

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from . import markup
from .models import Article, SearchDocument, TaggedArticle
from .search import MARK_END, MARK_START

MARKERS = str.maketrans("", "", MARK_START + MARK_END)
TABLE = SearchDocument._meta.db_table


def document_row(article, tag_names) -> list:
    """The index row for `article`: plain text only, never the body's HTML."""
    return [
        article.pk,
        *(
            text.translate(MARKERS)
            for text in (
                article.title,
                article.summary,
                markup.plain_text(article.body),
                " ".join(sorted(tag_names)),
            )
        ),
    ]


def write_rows(rows, cursor) -> None:
    table = connection.ops.quote_name(TABLE)
    cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [[row[0]] for row in rows])
    cursor.executemany(
        f"INSERT INTO {table} (rowid, title, summary, body, tags) VALUES (%s, %s, %s, %s, %s)",
        rows,
    )


def index_articles(articles) -> int:
    """(Re)write the index rows of `articles` (a queryset); returns how many."""
    rows = [
        document_row(article, [tag.name for tag in article.tags.all()])
        for article in articles.prefetch_related("tags")
    ]
    with connection.cursor() as cursor:
        write_rows(rows, cursor)
    return len(rows)


def unindex_article(pk) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(TABLE)} WHERE rowid = %s", [pk])


def clear_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(TABLE)}")


def optimize_index() -> None:
    """Merge FTS5's index segments after a bulk write (PostgreSQL's GIN index needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


# Raw saves too: django-reversion restores a revision (and `loaddata` loads a fixture) with them.
@receiver(post_save, sender=Article)
def _article_saved(sender, instance, **kwargs):
    index_articles(Article.objects.filter(pk=instance.pk))


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance, **kwargs):
    unindex_article(instance.pk)


@receiver(m2m_changed, sender=TaggedArticle)
def _article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # instance is a Tag
        index_articles(Article.objects.filter(pk__in=pk_set or ()))
    else:
        index_articles(Article.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Tag)
def _tag_renamed(sender, instance, created, **kwargs):
    if not created:
        index_articles(Article.objects.filter(tags=instance))


@receiver(pre_delete, sender=Tag)
def _tag_deleting(sender, instance, **kwargs):
    instance._article_pks = list(Article.objects.filter(tags=instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Tag)
def _tag_deleted(sender, instance, **kwargs):
    index_articles(Article.objects.filter(pk__in=getattr(instance, "_article_pks", ())))
