"""Seed the benchmark database with N realistic articles, and count each page's SQL queries.

    python -m bench.seed seed 2000          # into DATABASE_URL, with progress output
    python -m bench.seed queries URL…       # JSON: {url: [cold, warm]} query counts

Articles are shaped like the demo content: the baclofen guide's paragraphs (about 5 KB of HTML),
summaries of card length, 40 authors, 60 tags (2–4 per article, a few much more common than the
rest), a featured article every 100, 2 % drafts and 1 % scheduled. Like an article saved in the
admin, each body is cleaned with anchored headings, has a hero image (one of a dozen 1,600 × 900
JPEGs), three references cited in its text and, for two in three, a medical review; the About and
medical-disclaimer pages exist, and the search index is built.
Written with bulk_create in batches, so 100,000 articles take a few minutes rather than an hour.
"""

import json
import random
import sys
import time
from datetime import timedelta

import django

BATCH = 2000
HERO_IMAGES = 12


def hero_image(n):
    """A stored 1,600 × 900 JPEG, as an editor's upload would be: a colour and a shape each."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 900), (20 + 15 * n, 120, 140 - 5 * n))
    ImageDraw.Draw(image).ellipse((500 + 20 * n, 200, 1100, 700), fill=(240, 240, 235))
    data = io.BytesIO()
    image.save(data, "JPEG", quality=85)
    return default_storage.save(f"articles/bench-hero-{n}.jpg", ContentFile(data.getvalue()))


def seed(count):
    from django.core.management import call_command
    from django.utils import timezone
    from taggit.models import Tag

    from articles import markup, renditions, search_index
    from articles.management.commands import load_demo
    from articles.models import (
        DISCLAIMER_PAGE_SLUG,
        Article,
        Author,
        Page,
        Reference,
        Review,
        TaggedArticle,
    )

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        print(f"Database already seeded ({Article.objects.count()} articles).")
        return

    rng = random.Random(6)
    paragraphs = [p for p in load_demo.BACLOFEN_GUIDE_BODY.strip().split("\n") if p]
    summaries = [
        load_demo.PUDENDAL_SUMMARY,
        load_demo.PROPECIA_SUMMARY,
        load_demo.GUAIFENESIN_SUMMARY,
        load_demo.PAU_DARCO_SUMMARY,
    ]
    topics = ["baclofen", "pudendal neuralgia", "guaifenesin", "Pau D'Arco", "sleep", "pain"]
    topics += [f"topic {n}" for n in range(60 - len(topics))]

    Page.objects.create(slug="about", title="About Us", body="<p>About Health and Wellness.</p>")
    Page.objects.create(
        slug=DISCLAIMER_PAGE_SLUG,
        title="Medical disclaimer",
        body="<p>Information, not medical advice: talk to your doctor or pharmacist.</p>",
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Author {n}", slug=f"author-{n}", credentials="PharmD", bio="Writes guides.")
        for n in range(40)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=name, slug=name.lower().replace(" ", "-").replace("'", "")) for name in topics
    )
    weights = [1 / (rank + 1) for rank in range(len(tags))]  # a few tags are far more common
    heroes = [hero_image(n) for n in range(HERO_IMAGES)]

    now = timezone.now()
    started = time.monotonic()
    for start in range(0, count, BATCH):
        articles = []
        for n in range(start, min(count, start + BATCH)):
            body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 9)))
            # Each article cites its three references in its text, as health articles do.
            cited = [i for i, block in enumerate(body) if block.rstrip().endswith("</p>")]
            for number, i in enumerate(cited[:3], start=1):
                body[i] = f"{body[i].rstrip().removesuffix('</p>')} [{number}]</p>"
            body = markup.add_heading_ids(markup.clean_html("\n".join(body)))
            roll = rng.random()
            status = Article.Status.DRAFT if roll < 0.02 else Article.Status.PUBLISHED
            published_at = now - timedelta(minutes=37 * (count - n))
            if 0.02 <= roll < 0.03:
                published_at = now + timedelta(days=rng.randint(1, 30))
            articles.append(
                Article(
                    title=f"Practical guide {n}: medicines and conditions",
                    slug=f"guide-{n}",
                    author=rng.choice(authors),
                    summary=rng.choice(summaries),
                    body=body,
                    reading_minutes=markup.reading_minutes(body),
                    hero_image=heroes[n % HERO_IMAGES],
                    hero_width=1600,
                    hero_height=900,
                    hero_alt="A pharmacist talking a patient through a prescription",
                    status=status,
                    published_at=published_at,
                    is_featured=n % 100 == 0,
                )
            )
        articles = Article.objects.bulk_create(articles)
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tag)
            for article in articles
            for tag in set(rng.choices(tags, weights=weights, k=rng.randint(2, 4)))
        )
        Reference.objects.bulk_create(
            Reference(
                article=article,
                order=order,
                authors="Smith J, Patel R",
                title=f"Clinical review {order} of {article.title}",
                publisher="Journal of Practical Pharmacology",
                year=2020 + order,
                doi=f"10.1000/guide.{article.pk}.{order}",
            )
            for article in articles
            for order in (1, 2, 3)
        )
        reviewed = [article for n, article in enumerate(articles, start) if n % 3]
        reviews = Review.objects.bulk_create(
            Review(article=article, reviewer=rng.choice(authors), reviewed_at=article.published_at)
            for article in reviewed
        )
        for article, review in zip(reviewed, reviews, strict=True):
            article.last_review = review
            article.review_due_at = article.next_review_due
        Article.objects.bulk_update(reviewed, ["last_review", "review_due_at"])
        search_index.index_articles(Article.objects.filter(pk__in=[a.pk for a in articles]))
        done = start + len(articles)
        rate = done / (time.monotonic() - started)
        print(f"  seeded {done:>7,} / {count:,} articles ({rate:,.0f}/s)", flush=True)
    search_index.optimize_index()
    # As `load_demo --renditions` does: the first page views then find the renditions made.
    print(f"  making the renditions of {HERO_IMAGES} hero images", flush=True)
    for name in heroes:
        article = Article.objects.filter(hero_image=name).first()
        for shape in ("hero", "thumbnail"):
            renditions.picture(article.hero_image, shape, article.hero_focal_point)
        renditions.open_graph_image(article.hero_image, article.hero_focal_point)


def count_queries(urls):
    """Queries per page with the page cache off: cold (first request after a content change)
    and warm (the same page again: the next-publication time and the counts are cached)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.cache import bump

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for url in urls:
        bump()
        counts[url] = []
        for _ in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            counts[url].append(len(queries))
    print(json.dumps(counts))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    else:
        count_queries(sys.argv[2:])
