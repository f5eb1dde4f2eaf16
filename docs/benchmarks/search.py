"""Search timing with many articles. Run against a throwaway database, never a real one:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py shell \\
        < docs/benchmarks/search.py

It adds 5 000 published articles of 600 words drawn from a small vocabulary (so nearly every
article matches every medicine: the worst case for ranking), then prints, per query, the
results, the SQL queries and the best of three timings of what the search page does.
"""

import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author
from articles.search import Search

ARTICLES = 5_000
TOPIC_TEXT = (
    "baclofen spasticity guaifenesin liver cough propecia finasteride hair loss minoxidil dose "
    "side effects withdrawal kidney pregnancy muscle relaxant nerve pain sleep doctor tablets "
    "alcohol drowsiness breathing therapy supplement inflammation infection bark tree"
)
FILLER_TEXT = "the patient should talk with their clinician about every medicine they take"
TOPICS, FILLER = TOPIC_TEXT.split(), FILLER_TEXT.split()
QUERIES = [
    "baclofen",
    "baclofen liver",
    "lioresal",
    "guafenesin",
    "zzzz qqqq",
    '"AND OR NEAR(x) * ^',
    "x" * 10_000,
    "baclofen " * 2_000,
]

random.seed(1)
if Article.objects.count() < ARTICLES:
    author, _ = Author.objects.get_or_create(slug="benchmark", defaults={"name": "Benchmark"})
    with transaction.atomic():
        for i in range(ARTICLES):
            body = " ".join(random.choice(TOPICS + FILLER * 3) for _ in range(600))
            article = Article.objects.create(
                title=f"{' '.join(random.sample(TOPICS, 5)).capitalize()} {i}",
                slug=f"benchmark-{i}",
                author=author,
                summary=" ".join(random.sample(TOPICS, 20)),
                body=f"<p>{body}</p>",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=i),
            )
            article.tags.add(random.choice(TOPICS))

print(f"{connection.vendor}, {Article.objects.count()} articles")
for query in QUERIES:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            search = Search(query)
            results = search.results()
            results.read(0, 10)  # the first page and the count, as the search page's paginator
            count = len(results)
            if count:
                page = list(results[:10])
            elif search.terms:
                search.suggestion()
        best = min(best, time.perf_counter() - started)
    print(f"{query[:24]!r:28} results={count:5d} queries={len(queries)} {best * 1000:7.1f} ms")
