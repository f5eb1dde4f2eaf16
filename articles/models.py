from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Lookup, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from . import markup


class Author(models.Model):
    """A public byline. Not every author signs in; not every user is an author."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Shown after the name, e.g. “PharmD” or “MD”."
    )
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The login that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def byline(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what a reader may see: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """Everything a card or list row reads, fetched up front."""
        return self.select_related("author")

    def for_detail(self):
        """Everything the article page reads, fetched up front."""
        return self.select_related("author").prefetch_related("tags")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    summary = models.TextField(
        blank=True, help_text="One or two sentences for cards, feeds and search results."
    )
    body = models.TextField(blank=True, help_text="Rich text; sanitised when saved and when shown.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="A future time schedules the article: it goes live by itself then.",
    )
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Shown large at the top of the home page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    tags = TaggableManager(through=TaggedArticle, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]  # pagination needs a stable order
        indexes = [models.Index(fields=["status", "-published_at"], name="article_listing_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = markup.clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def tags_with_published_counts():
    """Tags that have at least one published article, each with `num_articles`, by name."""
    published = Q(articles_taggedarticle_items__content_object__in=Article.objects.published())
    return (
        Tag.objects.annotate(num_articles=Count("articles_taggedarticle_items", filter=published))
        .filter(num_articles__gt=0)
        .order_by(Lower("name"))
    )


class Synonym(models.Model):
    """Names that mean the same thing to a reader, e.g. a brand and its generic medicine.

    Search treats every name in a row as equivalent, both ways: “Lioresal” finds baclofen
    articles and “baclofen” finds articles that only say Lioresal.
    """

    term = models.CharField(max_length=100, unique=True, help_text="e.g. “baclofen”.")
    equivalents = models.CharField(
        max_length=500,
        help_text="Other names for the same thing, separated by commas, e.g. “Lioresal, Gablofen”.",
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} = {self.equivalents}"

    def clean(self):
        if not any(character.isalnum() for character in self.term):
            raise ValidationError({"term": "Enter a word."})
        if not self.names()[1:]:
            raise ValidationError({"equivalents": "Enter at least one other name."})

    def names(self):
        """The term first, then each equivalent, as written."""
        others = (name.strip() for name in self.equivalents.split(","))
        return [self.term.strip(), *(name for name in others if name)]


class FullTextColumn(models.TextField):
    """FTS5's hidden column named after its table: the left side of MATCH and the first
    argument of bm25() and snippet(). Only read in queries, never stored by the ORM."""


@FullTextColumn.register_lookup
class FullTextMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchDocument(models.Model):
    """An article's row in the full-text index, written only by `articles.search`.

    The table is made by a migration for the database in use: on SQLite an FTS5 virtual table
    (its `rowid` is the article's id), on PostgreSQL a table with a generated, weighted
    `tsvector` and a GIN index. Every article is indexed; `published()` filters at query time,
    so a scheduled article becomes findable by itself when its time comes.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_document",
    )
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField(help_text="Plain text: the body without markup.")
    tags = models.TextField()
    fts = FullTextColumn(db_column="articles_search")  # SQLite only
    document = SearchVectorField()  # PostgreSQL only

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return self.title


# First path segments the site's own URLs use; a page there would never be reachable.
RESERVED_PAGE_SLUGS = {
    "admin", "articles", "authors", "feed", "media", "preview", "robots-txt", "search",
    "sitemap-xml", "static", "tags",
}  # fmt: skip


def validate_page_slug(slug):
    if slug in RESERVED_PAGE_SLUGS:
        raise ValidationError(
            "“%(slug)s” is used by the site's own pages; choose another slug.",
            params={"slug": slug},
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """A simple editable page: About, Medical disclaimer, Editorial policy…"""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_page_slug],
        help_text="The page lives at /<slug>/, e.g. “about”.",
    )
    body = models.TextField(blank=True, help_text="Rich text; sanitised when saved and when shown.")
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = markup.clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"slug": self.slug})
