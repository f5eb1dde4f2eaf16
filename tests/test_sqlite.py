"""SQLite as configured (WAL, IMMEDIATE transactions, busy timeout, a page cache) takes
concurrent editors and readers without "database is locked"."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles.models import Article

from .factories import ArticleFactory

BASE_DIR = Path(__file__).resolve().parent.parent

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the suite runs on another database (DATABASE_URL), not SQLite",
)

# Runs in its own process against a real database file (tests use an in-memory one): writer
# threads each read then write in one transaction, the pattern that fails with "database is
# locked" under SQLite's default deferred transactions, while reader threads load pages' data.
SCRIPT = """
import threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from articles.models import Article, Author

call_command("migrate", verbosity=0)
author = Author.objects.create(name="Editor", slug="editor")
print(connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
print(connection.cursor().execute("PRAGMA cache_size").fetchone()[0])
errors = []

def write(n):
    try:
        for i in range(25):
            with transaction.atomic():
                Article.objects.filter(author=author).count()
                Article.objects.create(
                    title="t", slug=f"w{n}-{i}", author=author, status="published"
                )
    except Exception as error:
        errors.append(repr(error))

def read():
    try:
        for _ in range(50):
            list(Article.objects.published().for_listing()[:10])
    except Exception as error:
        errors.append(repr(error))

threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
threads += [threading.Thread(target=read) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(Article.objects.count())
print(errors)
"""


@sqlite_only
def test_concurrent_editors_and_readers_never_hit_database_is_locked(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthblog.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    # The page cache is set in KiB (negative), not left at SQLite's 2 MB.
    assert result.stdout.split("\n")[:4] == ["wal", str(-settings.SQLITE_CACHE_KIB), "100", "[]"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_an_articles_body_is_stored_after_every_column_lists_and_checks_read():
    # A long body runs on into overflow pages; a column after it would be read through them.
    article = ArticleFactory(body="<p>Baclofen.</p>" * 1000, tags=["baclofen"])
    reference = article.references.create(title="A trial", url="https://example.org/trial")

    # Rebuilt by the migration with the rows in it: nothing lost, nothing pointing elsewhere.
    call_command("migrate", "articles", "0007", verbosity=0)
    call_command("migrate", "articles", verbosity=0)

    with connection.cursor() as cursor:
        columns = [row[1] for row in cursor.execute("PRAGMA table_info(articles_article)")]
        assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
    assert columns[-1] == "body"
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == article.body
    assert [tag.name for tag in stored.tags.all()] == ["baclofen"]
    assert list(stored.references.all()) == [reference]
