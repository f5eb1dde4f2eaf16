"""Rebuild the full-text search index from every article.

Saving an article or its tags keeps the index in sync by itself; run this after changing the
database behind Django's back (raw SQL, a restored dump) or when search results look stale.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import search_index
from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every article, with progress output."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Articles indexed per batch."
        )

    @transaction.atomic
    def handle(self, *args, batch_size, **options):
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        search_index.clear_index()
        done = 0
        for start in range(0, len(pks), batch_size):
            done += search_index.index_articles(
                Article.objects.filter(pk__in=pks[start : start + batch_size])
            )
            self.stdout.write(f"  indexed {done} of {len(pks)} articles")
        search_index.optimize_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {done} articles."))
