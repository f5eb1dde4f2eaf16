"""What the article page reads: the article with its author, review and the medical disclaimer,
its tags, its references, related articles and the articles before and after it.

Each is a queryset written with the queryset methods every other page uses (`published()`,
`for_detail()`, `sharing_tags()`, `neighbours()`), run as a prepared query
(`articles.prepared`): the ORM writes its SQL once per process, and each page view binds the
slug, the time and the article's values. Built and compiled on every view, they took about 14
of the page's 20 ms of Python; prepared, 1.7 ms (docs/decisions.md, "Prepared queries").
"""

from django.db.models import DateTimeField, IntegerField, QuerySet, SlugField
from django.utils import timezone
from taggit.models import Tag

from . import models, structured_data
from .links import fixed_script_prefix
from .models import Article, Reference, split_neighbours
from .prepared import Prepared, Slot, time_slot

RELATED_ARTICLES = 3


def _pk():
    return Slot("pk", IntegerField())


def _published():
    return Article.objects.published(now=time_slot())


_article = Prepared(
    lambda: (
        _published()
        .for_detail()
        .prefetch_related(None)  # read by the two queries below, into the same prefetch caches
        .filter(slug=Slot("slug", SlugField()))
    )
)
_tags = Prepared(lambda: Tag.objects.filter(articles_taggedarticle_items__content_object_id=_pk()))
_references = Prepared(lambda: Reference.objects.filter(article_id=_pk()))
_related = Prepared(  # one query per number of tags and size of each tag's window
    lambda tag_count, window: (
        _published()
        .sharing_tags(_pk(), [Slot(f"tag{i}", IntegerField()) for i in range(tag_count)], window)
        .for_listing()[:RELATED_ARTICLES]
    )
)
_neighbours = Prepared(lambda: _published().neighbours(Slot("at", DateTimeField()), _pk()))


def published_article(slug):
    """The published article at `slug`, with its tags and references, or None.

    The tags and references are where a `prefetch_related()` would have put them, so
    `article.tags.all()` and `article.references.all()` read them without a query, as they do
    on the preview (which fetches the article with `for_detail()`).
    """
    article = _article.first(slug=slug, now=timezone.now())
    if article is None:
        return None
    _prefetched(article, "tags", _tags(pk=article.pk))
    _prefetched(article, "references", _references(pk=article.pk))
    return article


class _Fetched(QuerySet):
    """Related objects a prepared query fetched, read as a prefetch is read (`all()`, iterate,
    `len()`). It is a queryset of the whole related table, not the manager's own (for tags,
    taggit builds that with joins: 0.4 ms a view), so it refuses to be narrowed further, which
    would start from every row rather than from the article's."""

    def _chain(self):
        raise TypeError(
            "Related objects of the article page are read from its prefetch: use .all() and "
            "filter them in Python, or fetch them with a queryset of their own."
        )


def _prefetched(instance, name, objects):
    # What `prefetch_related_objects()` does with what it fetched: the related manager's
    # `get_queryset()` then returns this queryset, which holds the objects and is never run.
    queryset = _Fetched(model=instance._meta.get_field(name).related_model)
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def context(request, article):
    """Everything around the article on its page, for the public page and the preview alike.

    Reads `article.tags` from its prefetch.
    """
    now = timezone.now()
    tags = list(article.tags.all())  # read once: each `article.tags` makes taggit's manager
    tag_ids = [tag.pk for tag in tags]
    related = []
    if tag_ids:  # no tags, no related articles, no query
        slots = {f"tag{i}": tag_id for i, tag_id in enumerate(tag_ids)}
        window = models.RELATED_WINDOW  # read here, not when first prepared
        related = _related(len(tag_ids), window, now=now, pk=article.pk, **slots)
    older = newer = None
    if article.published_at:  # an article never published has no place in the sequence yet
        neighbours = _neighbours(now=now, at=article.published_at, pk=article.pk)
        older, newer = split_neighbours(neighbours, article)
    with fixed_script_prefix():  # the structured data's ten links read it once, not ten times
        breadcrumbs = structured_data.article_breadcrumbs(article)
        data = structured_data.article_structured_data(article, request)
    return {
        "tags": tags,
        "breadcrumbs": breadcrumbs,
        "structured_data": data,
        "related_articles": related,
        "older_article": older,
        "newer_article": newer,
    }
