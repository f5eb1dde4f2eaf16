"""The article lists readers page through (home, all articles, a tag's, an author's), each
defined once as a queryset and read a page at a time by a prepared query (`articles.prepared`).

`articles(now=…, tag=…, author=…, exclude=…)` is the list: the views count it (once per content
generation) and `page_rows()` reads a page of it with the SQL the ORM wrote for that page the
first time, binding the time and the tag, author or featured article. A page's offset is part
of its SQL, so each page before `DEEP_OFFSET` is prepared once (at most 100 per list); deeper
pages are read by the paginator from the queryset.
"""

from django.db.models import IntegerField, SlugField
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from taggit.models import Tag

from .models import Article, Author
from .prepared import Prepared, Slot, time_slot


def articles(*, now=None, tag=None, author=None, exclude=None):
    """Published articles, newest first, with what a card shows; of one tag or author, or
    without the article `exclude` (the home page's featured one). Values or `Slot`s."""
    listed = Article.objects.published(now=now).for_listing()
    if tag is not None:
        listed = listed.filter(tags__id=tag)
    if author is not None:
        listed = listed.filter(author_id=author)
    if exclude is not None:
        listed = listed.exclude(pk=exclude)
    return listed


class LazyArticles(SimpleLazyObject):
    """`articles(**values)`, built only when first used: a list page needs the queryset only to
    count the list (once per content generation) or to read a deep page, and building it (the
    `published()` filters and the joins) took a tenth of the page's time on every view.

    A paginator asks whether its list is ordered; this one is (newest first), and says so
    without being built.
    """

    ordered = True

    def __init__(self, **values):
        super().__init__(lambda: articles(**values))


def _build_page(filters, bottom, top):
    """`filters` names the list's values: () for all articles, ("tag",), ("author",) or
    ("exclude",)."""
    return articles(now=time_slot(), **{name: Slot(name, IntegerField()) for name in filters})[
        bottom:top
    ]


_pages = Prepared(_build_page)
_featured = Prepared(lambda: articles(now=time_slot()).filter(is_featured=True)[:1])


def page_rows(bottom, top, **values):
    """Rows `bottom` to `top` of `articles(**values)`, where the values are ids."""
    return _pages(tuple(sorted(values)), bottom, top, now=timezone.now(), **values)


def featured():
    """The newest featured article, the home page's first card, or None."""
    return _featured.first(now=timezone.now())


_tag = Prepared(lambda: Tag.objects.select_related("description").filter(slug=_slug()))
_author = Prepared(lambda: Author.objects.filter(slug=_slug()))


def _slug():
    return Slot("slug", SlugField())


def tag(slug):
    """The tag at `slug`, with its description, or None: the tag page's subject."""
    return _tag.first(slug=slug)


def author(slug):
    """The author at `slug`, or None: the author page's subject."""
    return _author.first(slug=slug)
