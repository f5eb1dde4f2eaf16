from datetime import timedelta
from urllib.parse import quote, urlsplit

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator, URLValidator
from django.db import connection, models
from django.db.models import Count, Lookup, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django_cte import CTE, with_cte
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from . import markup
from .images import CheckedImageField, UploadPath
from .links import url

validate_doi = RegexValidator(
    r"^10\.[0-9]{4,9}/\S+$", "Enter a DOI such as 10.1136/bmj.n71, without “https://doi.org/”."
)


class Author(models.Model):
    """A public byline. Not every author signs in; not every user is an author."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Shown after the name, e.g. “PharmD” or “MD”."
    )
    bio = models.TextField(blank=True)
    photo = CheckedImageField(
        upload_to=UploadPath("authors"),
        max_length=255,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A portrait, shown square and cropped around the centre; its alt text is the "
        "author's name. JPEG, PNG, WebP or GIF; stored without camera or location data.",
    )
    # After `photo`: Django fills them in from the stored file.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
        return url("articles:author", slug=self.slug)

    @property
    def byline(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@reversion.register()
class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        indexes = [
            # A tag's newest articles, read backwards without touching older ones (related_to).
            models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article_idx"),
        ]


# How many of each tag's newest articles `related_to()` considers.
RELATED_WINDOW = 50

# The editable page every article shows at its foot.
DISCLAIMER_PAGE_SLUG = "medical-disclaimer"


# What a card, a list row or a related-article link shows (`for_listing()`).
LISTING_FIELDS = [
    *["title", "slug", "summary", "published_at", "author__name", "author__slug"],
    *["hero_image", "hero_width", "hero_height", "hero_alt", "hero_is_decorative"],
    *["hero_focal_x", "hero_focal_y"],
]


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what a reader may see: published, and its time has come."""
        now = timezone.now() if now is None else now
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def scheduled(self):
        """Published, but its time has not come yet: `published()` takes it in by itself then."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication_at(self):
        """The earliest `published_at` in this queryset, or None; one indexed query."""
        return self.aggregate(next_at=Min("published_at"))["next_at"]

    def for_listing(self):
        """Everything a card or list row reads, fetched up front, and nothing else: not the
        body, which is most of a row (selecting fewer columns is a fifth off the query's cost)."""
        return self.select_related("author").only(*LISTING_FIELDS)

    def for_detail(self):
        """Everything the article page reads, fetched up front: the review in the same join,
        and the medical disclaimer page's title and text as columns of the same query."""
        disclaimer = Page.objects.published().filter(slug=DISCLAIMER_PAGE_SLUG)
        return (
            self.select_related("author", "last_review__reviewer")
            .prefetch_related("tags", "references")
            .annotate(
                disclaimer_title=Subquery(disclaimer.values("title")[:1]),
                disclaimer_body=Subquery(disclaimer.values("body")[:1]),
            )
        )

    def for_feed(self):
        """Everything a feed entry reads: author and tags (as categories)."""
        return self.select_related("author").prefetch_related("tags")

    def open_to(self, user):
        """The articles a signed-in user may open in the admin or preview.

        Editors (who may publish) see everything; everyone else sees their own articles, and
        medical reviewers also see what is waiting for review.
        """
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.has_perm("articles.publish_article"):
            return self
        visible = Q(author__user=user)
        if user.has_perm("articles.review_article"):
            visible |= Q(status=Article.Status.IN_REVIEW)
        return self.filter(visible)

    def overdue_for_review(self, now=None):
        return self.filter(review_due_at__lt=now or timezone.now())

    def review_due_within(self, days, now=None):
        now = now or timezone.now()
        return self.filter(review_due_at__gte=now, review_due_at__lt=now + timedelta(days=days))

    def review_backlog(self, now=None):
        """Counts for the admin's review-backlog chart, in one query."""
        now = now or timezone.now()
        soon = now + timedelta(days=30)
        reviewed = Q(last_review__isnull=False)
        return self.aggregate(
            overdue=Count("pk", filter=reviewed & Q(review_due_at__lt=now)),
            due_soon=Count(
                "pk", filter=reviewed & Q(review_due_at__gte=now, review_due_at__lt=soon)
            ),
            fine=Count("pk", filter=reviewed & Q(review_due_at__gte=soon)),
            never=Count("pk", filter=~reviewed),
        )

    def related_to(self, article):
        """Articles sharing a tag with `article`, most shared tags first, then newest.

        Reads `article.tags` from its prefetch; an article without tags has no related
        articles and costs no query. See `sharing_tags()`.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        if not tag_ids:
            return self.none()
        return self.sharing_tags(article.pk, tag_ids)

    def sharing_tags(self, pk, tag_ids, window=None):
        """Articles other than `pk` sharing a tag in `tag_ids`, most shared tags first, then
        newest. The values may be `Slot`s of a prepared query (`articles.prepared`).

        Bounded, whatever the size of the archive: for each tag, only the `window` (by default
        `RELATED_WINDOW`, 50) most recently created articles of this queryset that carry it are
        candidates (a
        backwards walk of the (tag, article) index that stops there, so drafts and scheduled
        articles take no place in it), and shared tags are counted for those candidates alone.
        An older article sharing more tags but outside every window is not offered: the cards
        come from the latest writing on the same topics. One query; the outer query selects
        only by candidate id (this queryset's filter is inside the windows), so the database
        starts from those ids rather than from an index over the whole archive.
        """
        # Ordered by the tag link's own column, so that the database walks the (tag, article)
        # index backwards and looks each article up by id: this queryset joined to its links.
        window = RELATED_WINDOW if window is None else window
        newest_first = self.order_by("-taggedarticle__content_object_id").values("pk")
        windows = [newest_first.filter(taggedarticle__tag_id=tag_id)[:window] for tag_id in tag_ids]
        # The candidates are a UNION of the windows, each read once, joined by primary key.
        # SQLite takes no sliced query in a UNION, so there each window is a CTE of its own,
        # read whole by its member. (As the articles whose id is in one window, each member
        # looked every article up by id again: a third of the query's time. ORs of the
        # windows' INs made SQLite read every window twice, a fifth to a third more time;
        # PostgreSQL scanned the whole table for them.)
        ctes = []
        if not connection.features.supports_slicing_ordering_in_compound:
            ctes = [CTE(window, name=f"window{i}") for i, window in enumerate(windows)]
            windows = [cte.queryset().order_by().values("pk") for cte in ctes]
        candidates = Q(pk__in=windows[0].union(*windows[1:], all=True))
        # `tag__id__in`, which the database reads as `tag_id IN (…)`: the foreign key's own
        # lookup would try to turn a `Slot` into a number.
        shared_tags = (
            TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag__id__in=tag_ids)
            .order_by()
            .values("content_object_id")
            .annotate(count=Count("*"))
            .values("count")
        )
        related = (
            self.model._default_manager.filter(candidates)
            .exclude(pk=pk)
            .annotate(shared_tags=Subquery(shared_tags))
            .order_by("-shared_tags", "-published_at", "-pk")
        )
        return with_cte(*ctes, select=related) if ctes else related

    def adjacent_to(self, article):
        """The articles published just before and just after `article`: `(older, newer)`,
        either None at the ends. One query (`neighbours()`)."""
        return split_neighbours(self.neighbours(article.published_at, article.pk), article)

    def neighbours(self, at, pk):
        """The article published just before and the one just after the article `pk`,
        published at `at`, in no order (`split_neighbours()` tells them apart). The values may
        be `Slot`s of a prepared query (`articles.prepared`).

        Ties on `published_at` are broken by pk, as in `Article.Meta.ordering`.
        """
        # Each neighbour is found by walking the `published_at` index from `at`. The plain bound
        # is implied by the OR, but only it lets the databases start the walk at `at`, and it
        # comes first in the query (`&` puts its left side's conditions first): given two upper
        # bounds on the column, SQLite walks from the first, and with this queryset's own
        # `published_at <= now` first it read half the archive for the older neighbour (5 ms at
        # 100,000 articles).
        manager = self.model._default_manager
        older = (manager.filter(published_at__lte=at) & self).filter(
            Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk)
        )
        newer = (manager.filter(published_at__gte=at) & self).filter(
            Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk)
        )
        older = older.order_by("-published_at", "-pk")
        newer = newer.order_by("published_at", "pk")
        # By id only (the subqueries apply this queryset's filter): with the filter repeated,
        # PostgreSQL scanned the whole table for the two ids (29 ms at 100,000 articles).
        return manager.filter(
            pk__in=[Subquery(older.values("pk")[:1]), Subquery(newer.values("pk")[:1])]
        ).only("title", "slug", "published_at")


def split_neighbours(neighbours, article):
    """`(older, newer)` of `article` from what `neighbours()` found; either may be None."""
    older = newer = None
    for neighbour in neighbours:
        if (neighbour.published_at, neighbour.pk) < (article.published_at, article.pk):
            older = neighbour
        else:
            newer = neighbour
    return older, newer


# The review link is not part of a revision: restoring text must never restore a sign-off.
@reversion.register(
    follow=["taggedarticle_set", "references"], exclude=["last_review", "review_due_at"]
)
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
    hero_image = CheckedImageField(
        upload_to=UploadPath("articles"),
        max_length=255,
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text="Shown on cards and at the top of the article; at least 1,600 pixels wide "
        "looks best. JPEG, PNG, WebP or GIF; stored without camera or location data.",
    )
    # After `hero_image`: Django fills them in from the stored file.
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it, e.g. “A pharmacist "
        "explaining a prescription to a patient”.",
    )
    hero_is_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Tick when the image adds nothing the text does not say: screen readers then "
        "skip it, and no alt text is needed.",
    )
    # Optional: without a focal point, crops keep the centre.
    hero_focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, from the left edge (0) to the right (100); crops for "
        "cards and link previews keep it in view. Leave empty for the centre.",
    )
    hero_focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="From the top edge (0) to the bottom (100). Leave empty for the centre.",
    )
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
    reading_minutes = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Estimated from the body's word count when saved."
    )
    last_review = models.ForeignKey(
        "Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Moves only when a medical review is recorded.",
    )
    review_interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days between medical reviews for this article; empty uses the site default.",
    )
    review_due_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
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
        permissions = [
            ("submit_article", "Can submit an article for medical review"),
            ("review_article", "Can record a medical review or send an article back"),
            ("publish_article", "Can publish, schedule, unpublish and edit any article"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = markup.add_heading_ids(markup.clean_html(self.body))
        self.reading_minutes = markup.reading_minutes(self.body)
        self.review_due_at = self.next_review_due
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "review_due_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url("articles:detail", slug=self.slug)

    @cached_property
    def table_of_contents(self):
        return markup.table_of_contents(self.body)

    @property
    def review_interval(self):
        days = self.review_interval_days or settings.MEDICAL_REVIEW_INTERVAL_DAYS
        return timedelta(days=days)

    @property
    def next_review_due(self):
        """When the medical review expires; None for an article never reviewed."""
        if self.last_review is None:
            return None
        return self.last_review.reviewed_at + self.review_interval

    def clean(self):
        if self.hero_image and not self.hero_is_decorative and not self.hero_alt.strip():
            raise ValidationError(
                {
                    "hero_alt": "Describe the image for readers who cannot see it, or tick "
                    "“decorative” if it adds nothing to the text."
                }
            )

    @property
    def hero_alt_text(self):
        """The hero's alt attribute: empty for a decorative image, so screen readers skip it."""
        return "" if self.hero_is_decorative else self.hero_alt

    @property
    def hero_focal_point(self):
        """(across, down) in percent, the centre where the editor set none."""
        return tuple(
            50 if value is None else value for value in (self.hero_focal_x, self.hero_focal_y)
        )

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


@reversion.register()
class Reference(models.Model):
    """A source an article cites; the body cites the Nth reference as `[N]`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="References are numbered in this order."
    )
    authors = models.CharField(max_length=500, blank=True, help_text="e.g. “Smith J, Patel R”.")
    title = models.CharField(max_length=500)
    publisher = models.CharField(
        "publisher or journal", max_length=300, blank=True, help_text="e.g. “BMJ” or “NHS”."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(
        "URL", max_length=500, blank=True, validators=[URLValidator(["http", "https"])]
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="e.g. 10.1136/bmj.n71",
    )
    pmid = models.CharField(
        "PMID",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]+$", "A PubMed ID is digits only.")],
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def web_url(self):
        """The source's URL, if it is a web one: the admin checks this, an import might not."""
        return self.url if urlsplit(self.url).scheme in {"http", "https"} else ""

    @property
    def doi_url(self):
        return f"https://doi.org/{quote(self.doi, safe='/')}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""


class TagDescription(models.Model):
    """What a tag's page says about its topic, edited with the tag in the admin."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="description")
    text = models.TextField(blank=True, help_text="A sentence or two shown on the topic's page.")

    def __str__(self):
        return f"Description of {self.tag}"


class Review(models.Model):
    """A medical sign-off: who approved which revision of an article, and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="reviews_given")
    reviewed_at = models.DateTimeField(default=timezone.now)
    version = models.ForeignKey(
        "reversion.Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The exact revision of the article this review approved.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"{self.article} reviewed by {self.reviewer.byline} on {self.reviewed_at:%Y-%m-%d}"


class StatusChange(models.Model):
    """One workflow step of an article: who did what, when, with what note."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        REVIEWED = "reviewed", "Medical review recorded"
        SENT_BACK = "sent_back", "Sent back to draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(max_length=12, choices=Action)
    from_status = models.CharField(max_length=10, choices=Article.Status)
    to_status = models.CharField(max_length=10, choices=Article.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.article}: {self.get_action_display()}"

    @property
    def moved(self):
        """“Draft → In review”, or empty when the step kept the status (a review)."""
        if self.from_status == self.to_status:
            return ""
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


def tags_with_published_counts(*, last_update=False):
    """Tags that have at least one published article, by name.

    Each has `num_articles` (published ones) and, with `last_update`, `last_updated_at` (the
    latest change among them). That reads every published article's own row as well as its
    links: at 100,000 articles it takes the query from 0.5–0.7 s to 1.0–1.5 s, so the tag
    index, which shows no dates, goes without.
    """
    # Filtered before annotating, so the counts read only published articles' links, each once;
    # counting with FILTER clauses tested every link three times (0.8 s → 0.4 s at 100,000).
    tags = Tag.objects.filter(
        articles_taggedarticle_items__content_object__in=Article.objects.published()
    ).annotate(num_articles=Count("articles_taggedarticle_items"))
    if last_update:
        tags = tags.annotate(
            last_updated_at=Max("articles_taggedarticle_items__content_object__updated_at")
        )
    return tags.order_by(Lower("name"))


def authors_with_published_articles():
    """Authors with at least one published article, each with `last_updated_at` of those."""
    return (
        Author.objects.filter(articles__in=Article.objects.published())
        .annotate(last_updated_at=Max("articles__updated_at"))
        .order_by("name")
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
    argument of snippet(). Only read in queries, never stored by the ORM."""


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
        return url("articles:page", slug=self.slug)
