"""The sitemap: published articles, the tags and authors that have them, and pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Page, authors_with_published_articles, tags_with_published_counts


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class TagSitemap(Sitemap):
    def items(self):
        return tags_with_published_counts()

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.last_updated_at


class AuthorSitemap(Sitemap):
    def items(self):
        return authors_with_published_articles()

    def lastmod(self, author):
        return author.last_updated_at


class PageSitemap(Sitemap):
    def items(self):
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
