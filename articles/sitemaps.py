"""The sitemap: published articles, the tags and authors that have them, and pages.

`/sitemap.xml` is an index of sections (`/sitemap-<section>.xml`), each split into pages of at
most `limit` URLs (`?p=2`…), so no response grows with the archive: at 100,000 articles the
index lists 100 pages of articles. What every request would otherwise recount (how many
articles, the latest change, the tags and authors with published articles) is worked out once
per content generation (`articles.cache.memoize`).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .cache import memoize
from .models import Article, Page, authors_with_published_articles, tags_with_published_counts
from .pagination import DeepPagePaginator


class ArticleSitemap(Sitemap):
    # A page of the section renders in well under 0.1 s; search engines take up to 50,000.
    limit = 1000

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    @property
    def paginator(self):
        """Counted once per content generation; deep pages walk their offset on ids alone."""
        paginator = DeepPagePaginator(self._items(), self.limit)
        # Paginator.count is a cached property: set, it is not counted again.
        paginator.count = memoize(None, "sitemap:articles:count", paginator.object_list.count)
        return paginator

    def get_latest_lastmod(self):
        """For the index: the latest change to a published article, without reading them all."""
        return memoize(
            None,
            "sitemap:articles:lastmod",
            lambda: Article.objects.published().aggregate(latest=Max("updated_at"))["latest"],
        )


class MemoizedSitemap(Sitemap):
    """A short section (tags, authors, pages) read once per content generation as a list."""

    memo_key = ""

    def items(self):
        return memoize(None, self.memo_key, lambda: list(self.fetch()))

    def get_latest_lastmod(self):
        return max((self.lastmod(item) for item in self.items()), default=None)


class TagSitemap(MemoizedSitemap):
    memo_key = "sitemap:tags"

    def fetch(self):
        return tags_with_published_counts(last_update=True)

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.last_updated_at


class AuthorSitemap(MemoizedSitemap):
    memo_key = "sitemap:authors"

    def fetch(self):
        return authors_with_published_articles()

    def lastmod(self, author):
        return author.last_updated_at


class PageSitemap(MemoizedSitemap):
    memo_key = "sitemap:pages"

    def fetch(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


class SectionSitemap(Sitemap):
    """The home page and the indexes, which change whenever an article does."""

    def items(self):
        return ["articles:home", "articles:list", "articles:tags"]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
