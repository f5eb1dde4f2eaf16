"""Search at /search/?q=: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector).

Run against PostgreSQL with DATABASE_URL=postgres://…; the few checks of one database's own
index skip with a reason on the other.
"""

from datetime import timedelta

import pytest
import reversion
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import search as search_module
from articles import search_index
from articles.models import Article, SearchDocument, Synonym
from articles.search import MARK_START

from .factories import NO_INLINES, ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks SQLite's FTS5 table; DATABASE_URL is not SQLite"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="checks PostgreSQL's tsvector index; DATABASE_URL is not postgres://",
)

UNPUBLISHED = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"published_at": timezone.now() + timedelta(days=3)},
]


def search(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def found(response):
    return [hit.article for hit in response.context["page_obj"]]


# Ranking and matching


IN_TITLE = {"title": "Guaifenesin explained", "summary": "An expectorant."}
IN_SUMMARY = {"title": "Chest colds", "summary": "When guaifenesin helps."}
IN_BODY = {"title": "Cough medicines", "body": "<p>Guaifenesin thins mucus.</p>"}


@pytest.mark.parametrize(
    ("better", "worse"),
    [(IN_TITLE, IN_BODY), (IN_SUMMARY, IN_BODY), (IN_TITLE, IN_SUMMARY)],
    ids=["title above body", "summary above body", "title above summary"],
)
def test_where_the_word_is_ranks_the_match(client, better, worse):
    # The better match is written first: listed newest first alone, it would come last.
    better_match = ArticleFactory(**better)
    worse_match = ArticleFactory(**worse)

    response = search(client, "guaifenesin")

    assert found(response) == [better_match, worse_match]


def test_every_word_must_be_in_the_title_for_it_to_rank_first(client):
    in_summary = ArticleFactory(title="Night cramps", summary="Baclofen and sleep.")
    one_word_in_title = ArticleFactory(
        title="Baclofen explained",
        summary="A muscle relaxant.",
        body="<p>It can affect sleep.</p>",
    )

    response = search(client, "baclofen sleep")

    assert found(response) == [in_summary, one_word_in_title]


def test_every_word_must_match(client):
    both = ArticleFactory(title="Baclofen and the liver")
    ArticleFactory(title="Baclofen dosage")
    ArticleFactory(title="Liver health")

    response = search(client, "baclofen liver")

    assert found(response) == [both]


def test_tag_names_are_searchable(client):
    tagged = ArticleFactory(title="A practical guide", tags=["pudendal neuralgia"])

    response = search(client, "neuralgia")

    assert found(response) == [tagged]


def test_word_forms_find_each_other(client):
    article = ArticleFactory(body="<p>Stopping suddenly causes spasms.</p>")

    response = search(client, "stop spasm")

    assert found(response) == [article]


def test_common_words_in_a_question_do_not_hide_results(client):
    article = ArticleFactory(body="<p>Never stop baclofen suddenly.</p>")

    response = search(client, "how to stop baclofen")

    assert found(response) == [article]


def test_query_of_only_common_words_finds_nothing_on_either_database(client):
    ArticleFactory(body="<p>The dose of the medicine.</p>")

    response = search(client, "the of")

    assert found(response) == []
    assert "suggestion" not in response.context


def test_result_shows_title_link_date_and_author(client):
    article = ArticleFactory(title="Baclofen explained")

    content = search(client, "baclofen").content.decode()

    assert f'<a href="{article.get_absolute_url()}">Baclofen explained</a>' in content
    assert timezone.localtime(article.published_at).strftime("%-d %B %Y") in content
    assert f'<a href="{article.author.get_absolute_url()}">{article.author.name}</a>' in content
    assert "1 result for “baclofen”" in content


# Snippets


def test_snippet_highlights_the_matched_words(client):
    ArticleFactory(body="<p>Take baclofen with food to avoid an upset stomach.</p>")

    content = search(client, "baclofen").content.decode()

    assert "<mark>baclofen</mark>" in content


def test_every_hit_on_a_later_page_has_its_own_snippet(client):
    for n in range(12):
        ArticleFactory(title=f"Guide {n}", body=f"<p>Baclofen note number{n} for this guide.</p>")

    response = search(client, "baclofen", page=2)

    hits = list(response.context["page_obj"])
    assert len(hits) == 2
    for hit in hits:
        number = hit.article.title.split()[-1]
        assert f"number{number}" in hit.snippet and MARK_START in hit.snippet


def test_snippet_escapes_html_special_characters(client):
    ArticleFactory(body="<p>If the dose is &lt; 5 mg &amp; &quot;baclofen&quot; &gt; 0</p>")

    content = search(client, "baclofen").content.decode()

    assert "If the dose is &lt; 5 mg &amp; &quot;<mark>baclofen</mark>&quot; &gt; 0" in content


def test_snippet_never_returns_text_that_looks_like_a_tag_as_markup(client):
    ArticleFactory(body="<p>&lt;script&gt;alert(1)&lt;/script&gt; baclofen</p>")

    content = search(client, "baclofen").content.decode()

    assert "<mark>baclofen</mark>" in content
    assert "<script>" not in content


@sqlite_only
def test_sqlite_snippet_keeps_text_that_looks_like_a_tag_escaped(client):
    # PostgreSQL's parser drops tag-like words from headlines instead; both are safe.
    ArticleFactory(body="<p>&lt;script&gt;alert(1)&lt;/script&gt; baclofen</p>")

    content = search(client, "baclofen").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>baclofen</mark>" in content


def test_index_holds_plain_text_never_html():
    article = ArticleFactory(body="<h2>Dosage</h2><p>Take <strong>baclofen</strong> daily.</p>")

    body = SearchDocument.objects.values_list("body", flat=True).get(article=article)

    assert body == "Dosage Take baclofen daily."


def test_markup_is_not_searchable(client):
    ArticleFactory(body="<p>Take <strong>baclofen</strong> daily.</p>")

    response = search(client, "strong")

    assert found(response) == []


def test_highlight_markers_typed_by_an_author_stay_plain_text(client):
    ArticleFactory(body="<p>baclofen \ue000not a mark\ue001</p>")

    content = search(client, "baclofen").content.decode()

    assert content.count("<mark>") == 1


# Synonyms


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Lioresal", "baclofen"),
        ("baclofen", "Lioresal"),
        ("Propecia", "finasteride"),
        ("finasteride", "Propecia"),
        ("Mucinex", "guaifenesin"),
        ("lapacho", "Pau D'Arco"),
    ],
)
def test_seeded_synonyms_find_each_other(client, query, text):
    article = ArticleFactory(title="A guide", body=f"<p>About {text}.</p>")

    response = search(client, query)

    assert found(response) == [article]


def test_synonym_added_by_an_editor_expands_queries(client):
    Synonym.objects.create(term="spasticity", equivalents="muscle stiffness, spasms")
    article = ArticleFactory(body="<p>Baclofen eases muscle stiffness.</p>")

    response = search(client, "spasticity")

    assert found(response) == [article]


def test_multi_word_synonym_in_the_query_finds_its_equivalent(client):
    article = ArticleFactory(body="<p>Treating alopecia.</p>")

    response = search(client, "hair loss")

    assert found(response) == [article]


def test_synonym_needs_another_name():
    synonym = Synonym(term="baclofen", equivalents=" , ")

    with pytest.raises(Exception, match="at least one other name"):
        synonym.full_clean()


def test_editor_adds_a_synonym_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:articles_synonym_add"),
        {"term": "paroxetine", "equivalents": "Paxil, Seroxat"},
    )

    assert response.status_code == 302
    assert Synonym.objects.get(term="paroxetine").names() == ["paroxetine", "Paxil", "Seroxat"]


def test_only_the_newest_matches_are_ranked(client, monkeypatch):
    monkeypatch.setattr(search_module, "SEARCH_WINDOW", 2)
    ArticleFactory(title="Baclofen baclofen baclofen", summary="Baclofen.")  # the best match
    newer = ArticleFactory(title="Baclofen notes")
    newest = ArticleFactory(title="Baclofen and sleep")
    for hidden in UNPUBLISHED:
        ArticleFactory(title="Baclofen draft", **hidden)

    response = search(client, "baclofen")

    assert {result.article for result in response.context["page_obj"]} == {newer, newest}
    assert response.context["paginator"].count == 2


def test_every_match_is_ranked_below_the_window(client):
    best = ArticleFactory(title="Baclofen explained", summary="A muscle relaxant.")
    ArticleFactory(title="Night cramps", body="<p>Some take baclofen.</p>")

    response = search(client, "baclofen")

    assert [result.article for result in response.context["page_obj"]][0] == best


def test_the_window_starts_at_its_oldest_published_match(client, monkeypatch):
    # The title and summary are checked from the window's oldest match up: found among the
    # drafts too, that start would be the newer match, and the older one's title would not
    # count.
    monkeypatch.setattr(search_module, "SEARCH_WINDOW", 2)
    in_title = ArticleFactory(title="Baclofen explained", summary="A muscle relaxant.")
    in_body = ArticleFactory(title="Night cramps", body="<p>Some take baclofen.</p>")
    ArticleFactory(title="Baclofen draft", status=Article.Status.DRAFT)

    response = search(client, "baclofen")

    assert found(response) == [in_title, in_body]


# Suggestions


def test_no_results_suggests_a_known_spelling(client):
    ArticleFactory(title="Guaifenesin and Liver Health")

    response = search(client, "guafenesin")

    assert found(response) == []
    assert response.context["suggestion"] == "guaifenesin"
    assert 'Did you mean <a href="/search/?q=guaifenesin">guaifenesin</a>?' in (
        response.content.decode()
    )


def test_suggestion_comes_from_synonyms_too(client):
    response = search(client, "lioresall")

    assert response.context["suggestion"] == "lioresal"


def test_suggestion_keeps_the_words_that_are_known(client):
    ArticleFactory(title="Guaifenesin and Liver Health")

    response = search(client, "guafenesin liver pancreas")

    assert response.context["suggestion"] == "guaifenesin liver pancreas"


def test_no_suggestion_when_there_are_results(client):
    ArticleFactory(title="Baclofen explained")

    response = search(client, "baclofen")

    assert "suggestion" not in response.context


def test_no_suggestion_when_nothing_is_close(client):
    ArticleFactory(title="Baclofen explained")

    response = search(client, "zzzqqq")

    assert response.context["suggestion"] is None
    assert b"Did you mean" not in response.content


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_suggestion_never_reveals_an_unpublished_title_or_tag(client, hidden):
    ArticleFactory(title="Zolpidem withdrawal", tags=["insomnia"], **hidden)

    response = search(client, "zolpidam insomnai")

    assert response.context["suggestion"] is None


def test_suggestion_reads_only_the_newest_titles_but_every_published_tag(client, monkeypatch):
    monkeypatch.setattr(search_module, "SUGGESTION_TITLES", 1)
    ArticleFactory(
        title="Zolpidem withdrawal",
        tags=["insomnia"],
        published_at=timezone.now() - timedelta(days=30),
    )
    ArticleFactory(title="Guaifenesin and Liver Health")

    older_title = search(client, "zolpidam")
    newer_title = search(client, "guafenesin")
    older_tag = search(client, "insomnai")

    assert older_title.context["suggestion"] is None
    assert newer_title.context["suggestion"] == "guaifenesin"
    assert older_tag.context["suggestion"] == "insomnia"


# Published articles only


@pytest.mark.parametrize("hidden", UNPUBLISHED)
def test_unpublished_articles_are_never_found(client, hidden):
    ArticleFactory(title="Baclofen secrets", **hidden)

    response = search(client, "baclofen secrets")

    assert found(response) == []
    assert b"Baclofen secrets" not in response.content


def test_scheduled_article_is_found_once_its_time_comes(client):
    article = ArticleFactory(title="Baclofen news", published_at=timezone.now() + timedelta(days=1))

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = search(client, "baclofen")

    assert found(response) == [article]


# The page and its form


def test_page_title_names_the_query(client):
    response = search(client, "baclofen <dose>")

    assert "<title>Search: baclofen &lt;dose&gt; – Health and Wellness</title>" in (
        response.content.decode()
    )


def test_search_pages_ask_search_engines_not_to_index_them(client):
    response = search(client, "baclofen")

    assert b'<meta name="robots" content="noindex">' in response.content


def test_empty_query_shows_the_form_and_no_results_section(client):
    ArticleFactory(title="Baclofen explained")

    response = client.get(reverse("articles:search"))

    assert response.status_code == 200
    assert b'<label for="search-q">' in response.content
    assert b'id="results-heading"' not in response.content
    assert b"Baclofen explained" not in response.content


def test_query_stays_in_the_search_box(client):
    response = search(client, 'baclofen "dose" <b>')

    search_box = BeautifulSoup(response.content, "html.parser").find("input", id="search-q")
    assert search_box["value"] == 'baclofen "dose" <b>'
    assert b"&lt;b&gt;" in response.content


def test_every_page_has_a_labelled_search_form_in_its_header(client):
    content = client.get(reverse("articles:home")).content.decode()

    assert '<form class="site-search" action="/search/" method="get" role="search"' in content
    assert '<label for="site-search-q">Search articles</label>' in content
    assert '<input type="search" id="site-search-q" name="q"' in content


def test_results_are_paginated_and_keep_the_query(client):
    ArticleFactory.create_batch(12, title="Baclofen notes")

    first = search(client, "baclofen")
    second = search(client, "baclofen", page=2)

    assert len(found(first)) == 10
    assert len(found(second)) == 2
    assert set(found(first)).isdisjoint(found(second))
    assert b'href="?q=baclofen&amp;page=2"' in first.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5"])
def test_bad_page_numbers_are_404_not_500(client, page):
    ArticleFactory(title="Baclofen explained")

    response = search(client, "baclofen", page=page)

    assert response.status_code == 404


# Hostile input: always a normal page, never a 500 or a database error

HOSTILE_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    "baclofen " * 2_000,
    '"',
    '""',
    "'",
    '"unbalanced',
    "AND",
    "OR NOT",
    "NEAR(baclofen, 2)",
    "bac*",
    "*",
    "^baclofen",
    "title:baclofen",
    "{title body}: baclofen",
    "( ) ( (",
    "- + ~ ! & | <-> :*",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "%_%",
    "\\",
    "<script>alert(1)</script>",
    "&lt;mark&gt;",
    "\x00",
    "baclofen\x00guaifenesin",
    "\ue000baclofen\ue001",
    "ünïcödé 药物 😀",
    "\u202e\u200b",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_gets_a_normal_page(client, query):
    ArticleFactory(title="Baclofen explained", body="<p>Baclofen and guaifenesin.</p>")

    response = search(client, query)

    assert response.status_code == 200
    assert b'<label for="search-q">' in response.content
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(
    "query",
    [
        '"baclofen',
        "baclofen*",
        "(baclofen)",
        "^baclofen",
        "-baclofen",
        "NOT baclofen",
        "baclofen OR",
        "baclofen)",
        "baclofen:",
        "baclofen\x00",
    ],
)
def test_operators_are_read_as_plain_words(client, query):
    article = ArticleFactory(title="Baclofen explained")

    response = search(client, query)

    assert found(response) == [article]


def test_very_long_query_is_cut_to_the_box_length_at_a_word(client):
    article = ArticleFactory(title="Baclofen explained")

    response = search(client, "baclofen " * 2_000)

    assert len(response.context["query"]) <= 200
    assert response.context["query"].endswith("baclofen")
    assert found(response) == [article]


def test_words_past_the_eighth_are_ignored(client):
    article = ArticleFactory(
        title="Baclofen", body="<p>alpha bravo charlie delta echo foxtrot golf</p>"
    )

    response = search(client, "baclofen alpha bravo charlie delta echo foxtrot golf hotel")

    assert found(response) == [article]


# Keeping the index in sync


def test_edited_article_is_found_by_its_new_words_only(client):
    article = ArticleFactory(title="Baclofen explained")

    article.title = "Guaifenesin explained"
    article.save()

    assert found(search(client, "guaifenesin")) == [article]
    assert found(search(client, "baclofen")) == []


def test_added_and_removed_tags_update_the_index(client):
    article = ArticleFactory(title="A guide")

    article.tags.add("neuralgia")
    with_tag = found(search(client, "neuralgia"))
    article.tags.remove("neuralgia")
    without_tag = found(search(client, "neuralgia"))

    assert (with_tag, without_tag) == ([article], [])


def test_renamed_tag_updates_the_index(client):
    article = ArticleFactory(title="A guide", tags=["neuralgia"])
    tag = Tag.objects.get(name="neuralgia")

    tag.name = "sciatica"
    tag.save()

    assert found(search(client, "sciatica")) == [article]
    assert found(search(client, "neuralgia")) == []


def test_deleted_tag_leaves_the_index(client):
    ArticleFactory(title="A guide", tags=["neuralgia"])

    Tag.objects.get(name="neuralgia").delete()

    assert found(search(client, "neuralgia")) == []


def test_tags_saved_in_the_admin_are_indexed(admin_client, client):
    saved = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Chest colds",
            "slug": "chest-colds",
            "author": AuthorFactory().pk,
            "summary": "What helps.",
            "body": "<p>Rest and fluids.</p>",
            "tags": "expectorant, winter",
            **NO_INLINES,
        },
    )
    # New articles start as drafts; publishing changes no indexed text.
    Article.objects.filter(slug="chest-colds").update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )

    response = search(client, "expectorant")

    assert saved.status_code == 302
    assert [article.slug for article in found(response)] == ["chest-colds"]


def test_restored_revision_is_found_by_its_old_words(client):
    with reversion.create_revision():
        article = ArticleFactory(title="Baclofen explained")
    article.title = "Guaifenesin explained"
    with reversion.create_revision():
        article.save()

    Version.objects.get_for_object(article).order_by("pk").first().revert()

    assert found(search(client, "baclofen")) == [article]
    assert found(search(client, "guaifenesin")) == []


def test_deleted_article_leaves_the_index():
    article = ArticleFactory(title="Baclofen explained")

    article.delete()

    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_rebuild_command_restores_the_index_and_reports_progress(client, capsys):
    articles = ArticleFactory.create_batch(3, title="Baclofen notes")
    search_index.clear_index()

    call_command("rebuild_search_index", batch_size=2)

    output = capsys.readouterr().out
    assert "indexed 2 of 3 articles" in output
    assert "Search index rebuilt: 3 articles." in output
    assert set(found(search(client, "baclofen"))) == set(articles)


def test_demo_content_is_searchable_by_brand_name(client):
    call_command("load_demo", stdout=None)

    response = search(client, "Lioresal")

    assert {article.slug for article in found(response)} == {
        "baclofen-practical-guide-patients-caregivers",
        "baclofen-pudendal-neuralgia",
    }


# Each database's own index


@sqlite_only
def test_sqlite_index_is_an_fts5_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search'")
        (sql,) = cursor.fetchone()

    assert "USING fts5" in sql
    assert "porter" in sql


@sqlite_only
def test_sqlite_ranks_and_reads_the_shown_results_by_scans_not_probes(client):
    ArticleFactory.create_batch(12, title="Baclofen notes")
    with CaptureQueriesContext(connection) as queries:
        assert len(found(search(client, "baclofen"))) == 10

    def full_text_steps(sql):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return [row[3] for row in cursor.fetchall() if "VIRTUAL TABLE" in row[3]]

    full_text = [query["sql"] for query in queries if " MATCH " in query["sql"]]
    [shown] = [sql for sql in full_text if "snippet(" in sql]
    [ranking] = [sql for sql in full_text if sql != shown]
    # Ranking scans the index by MATCH ("M"): the window's matches once, kept for the rest,
    # then the title's and the summary's matches from the window's oldest id ("M…>"). It never
    # probes the index by rowid ("=") per article: FTS5 would run the whole full-text query
    # once per probe.
    steps = full_text_steps(ranking)
    assert len(steps) == 3
    assert all(":M" in step and "=" not in step.split(":", 1)[1] for step in steps)
    assert len([step for step in steps if step.endswith(">")]) == 2
    # The page's rows are read in one scan by MATCH from its first id to its last ("M…><"),
    # not probed by rowid ("="): each probe would run the full-text query again.
    [step] = full_text_steps(shown)
    assert ":M" in step and step.endswith("><") and "=" not in step.split(":", 1)[1]


def test_a_page_lists_only_its_own_results_however_far_apart_they_are(client):
    # The best match is the oldest: the first page spans every id, a draft's among them, and
    # holds only its own ten, each with its own snippet.
    best = ArticleFactory(title="Baclofen explained", summary="About baclofen.")
    in_body = []
    for n in range(12):
        in_body.append(ArticleFactory(body=f"<p>Baclofen note number{n}.</p>"))
        if n == 5:
            ArticleFactory(body="<p>Baclofen draft.</p>", status=Article.Status.DRAFT)
    newest_first = in_body[::-1]

    first = search(client, "baclofen")
    second = search(client, "baclofen", page=2)

    assert found(first) == [best, *newest_first[:9]]
    assert found(second) == newest_first[9:]
    assert second.context["paginator"].count == 13
    for hit in [*first.context["page_obj"], *second.context["page_obj"]]:
        if hit.article != best:
            number = in_body.index(hit.article)
            assert f"number{number}" in hit.snippet and MARK_START in hit.snippet


def test_the_last_page_is_found_by_name(client):
    articles = ArticleFactory.create_batch(12, title="Baclofen notes")

    response = search(client, "baclofen", page="last")

    assert found(response) == articles[1::-1]
    assert response.context["page_obj"].number == 2


def test_ties_in_rank_list_the_newest_first(client):
    twins = ArticleFactory.create_batch(3, title="Baclofen notes", summary="Same words.")

    assert found(search(client, "baclofen")) == twins[::-1]


@postgresql_only
def test_postgresql_index_is_a_gin_index_on_a_weighted_vector():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_search'")
        definitions = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'articles_search' AND column_name = 'document'"
        )
        (expression,) = cursor.fetchone()

    assert "USING gin (document)" in definitions
    assert "setweight" in expression and "'A'" in expression
