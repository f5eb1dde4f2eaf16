from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, Q
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

    def scheduled(self):
        """Published, but its time has not come yet: `published()` takes it in by itself then."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication_at(self):
        """The earliest `published_at` in this queryset, or None; one indexed query."""
        return self.aggregate(next_at=Min("published_at"))["next_at"]

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
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_listing_idx"),
            # An author's page reads their newest articles without walking everyone else's.
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
        ]

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
