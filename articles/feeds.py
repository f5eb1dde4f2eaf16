"""RSS 2.0 and Atom feeds of published articles: all of them, per tag and per author."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from .models import Article, Author

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """The newest published articles. Subclasses narrow `published_articles` to a tag or author.

    The feed's own URL (Atom's `rel="self"`) is the request's path, Django's default.
    """

    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        # urls.py holds one instance for every request; a copy per request keeps the
        # request out of shared state.
        feed = copy.copy(self)
        feed.request = request
        return super(LatestArticlesFeed, feed).__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return f"The latest articles from {settings.SITE_NAME}."

    def published_articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return list(self.published_articles(obj).for_feed()[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.author.byline

    def item_author_link(self, item):
        return self.request.build_absolute_uri(item.author.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        # A tag: URI (RFC 4151) stays the same when the title or slug changes; the link would not.
        host, _port = split_domain_port(self.request.get_host())
        return f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.pk}"


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    pass


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return f"The latest articles about {obj.name} from {settings.SITE_NAME}."

    def published_articles(self, obj):
        return Article.objects.published().filter(tags=obj)

    def items(self, obj):
        items = super().items(obj)
        # Like the tag's page: a tag that only drafts carry has no public feed.
        if not items:
            raise Http404("No published article has this tag.")
        return items


class TagAtomFeed(AtomFeedMixin, TagFeed):
    pass


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The latest articles by {obj.name} from {settings.SITE_NAME}."

    def published_articles(self, obj):
        return Article.objects.published().filter(author=obj)


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass
