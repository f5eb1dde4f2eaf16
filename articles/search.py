"""Full-text search over published articles: one interface over SQLite FTS5 or PostgreSQL.

`Search(text).results()` gives the index rows of matching published articles, best first
(title above summary, summary above body and tags), each with its `.article` and a `.snippet`;
`highlight()` turns a snippet into safe HTML. The reader's text never reaches the database as
syntax: it is cut into plain words, each quoted (FTS5) or passed as a parameter (PostgreSQL).
`search_index` writes the index.
"""

import difflib
import re
from functools import cached_property, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_cte import CTE, with_cte
from taggit.models import Tag

from .cache import memoize
from .models import Article, SearchDocument, Synonym, TaggedArticle
from .prepared import Prepared, Slot, time_slot

# A search box needs no more; longer input is cut, never scanned.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_SYNONYM_WORDS = 3

# Ranking is limited to this many of the newest matches (see `Search.results`).
SEARCH_WINDOW = 1000

# On SQLite, a match with every word in the title comes first, then in the summary (`_rank`).
RANKED_COLUMNS = ("title", "summary")

# What a result shows of its article (`articles/search.html`).
RESULT_FIELDS = ("title", "slug", "published_at", "author__name", "author__slug")

# “Did you mean” reads the titles of this many of the newest published articles.
SUGGESTION_TITLES = 500

# Private-use characters mark a highlight inside a snippet. Indexed text never contains them
# (`search_index.document_row()` removes them), so after escaping they can only be the
# database's markers.
MARK_START, MARK_END = "\ue000", "\ue001"

WORD = re.compile(r"[^\W_]+")

# PostgreSQL's English stop words; dropped from queries on both databases so that “how to stop
# baclofen” finds the same articles on each.
ENGLISH_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS.split())


def clean_query(text: str) -> str:
    """The reader's text as the search box shows it: cut short, printable, single-spaced."""
    cut = text[:MAX_QUERY_CHARS]
    if len(text) > MAX_QUERY_CHARS and not text[MAX_QUERY_CHARS].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # no half word at the end
    return " ".join("".join(character for character in cut if character.isprintable()).split())


def words(text: str) -> list[str]:
    """Lower-case words of `text`; punctuation, operators and markup are separators."""
    return WORD.findall(text.lower())


class Search:
    """One reader's query: its words, their synonyms, the ranked results, a suggestion."""

    def __init__(self, text: str):
        self.query = clean_query(text)
        unique = dict.fromkeys(word for word in words(self.query) if len(word) <= MAX_TERM_CHARS)
        self.terms = list(unique)[:MAX_TERMS]

    @cached_property
    def synonyms(self) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
        """Each known name (as a tuple of words) → every name equivalent to it, itself included.

        Read once per content generation (a change to the list is a content change, like any
        other model of this app), not once per search."""
        return memoize(None, "search-synonyms", _synonym_groups)

    @cached_property
    def alternatives(self) -> list[list[tuple[str, ...]]]:
        """What must match, in order: for each word (or known multi-word name) its equivalents.

        Stop words standing alone are left out; a name like “pau d'arco” keeps all its words.
        """
        groups, i = [], 0
        while i < len(self.terms):
            for size in range(min(MAX_SYNONYM_WORDS, len(self.terms) - i), 0, -1):
                name = tuple(self.terms[i : i + size])
                if name in self.synonyms or size == 1:
                    break
            if name in self.synonyms:
                groups.append(sorted(self.synonyms[name]))
            elif name[0] not in STOP_WORDS:
                groups.append([name])
            i += size
        return groups

    def results(self) -> "Results":
        """The published articles matching every word (or one of its synonyms), best first, as a
        paginator reads them (`SearchPaginator`): `len()` is how many were ranked, and a slice is
        those articles' index rows, each with `.article` (author fetched too) and a `.snippet` of
        its body.

        Only the newest `SEARCH_WINDOW` (1,000) matching articles are ranked, so a word that
        nearly every article contains costs the same at 100,000 articles as at 2,000: the full-
        text index lists them newest first (by id) and stops there. The trade-off: when more
        articles match, older ones are not offered, however well they match; a rarer word, or
        one more word, brings them back. Readers of health guidance want the current articles.
        """
        return Results(self)

    def ranked(self, start, stop) -> tuple[list[int], int | None]:
        """Ids of results `start` to `stop` (the matching published articles in the window,
        best first, newest first among equals) and how many results there are: one query.

        The count comes with the rows, so it is unknown (None) for a slice past the last one.
        """
        if not self.alternatives:
            return [], 0
        rows = _window(self._shape, SEARCH_WINDOW, start, stop, now=self._now, **self._values)
        if not rows:
            return [], 0 if start == 0 else None
        return [article_id for article_id, _ in rows], rows[0][1]

    def hits(self, ids) -> list[SearchDocument]:
        """The index rows of `ids` (from `ranked`), in that order, each with its article and
        author and a snippet: snippets are made for the page's rows only."""
        if not ids:
            return []
        slots = {f"id{i}": article_id for i, article_id in enumerate(ids)}
        slots.update(first=min(ids), last=max(ids))
        rows = _hits(self._shape, len(ids), now=self._now, **self._values, **slots)
        found = {row.article_id: row for row in rows}
        # An article unpublished between the two queries is left out, never shown.
        return [found[article_id] for article_id in ids if article_id in found]

    @cached_property
    def _now(self):
        return timezone.now()  # one time for both queries, so both see the same articles

    @property
    def _shape(self):
        """What makes one search's SQL differ from another's: on PostgreSQL, how many names
        each word has (each is a query of its own); on SQLite nothing (one FTS5 expression)."""
        if connection.vendor == "postgresql":
            return tuple(len(group) for group in self.alternatives)
        return ()

    @property
    def _values(self):
        if connection.vendor == "postgresql":
            return {
                f"name{g}_{n}": " ".join(name)
                for g, group in enumerate(self.alternatives)
                for n, name in enumerate(group)
            }
        expression = self._sqlite_expression
        # The same words found in one column: FTS5 applies `column : (…)` to every name inside.
        return {
            "match": expression,
            **{f"match_{column}": f"{column} : ({expression})" for column in RANKED_COLUMNS},
        }

    @cached_property
    def _sqlite_expression(self):
        # Each name is one FTS5 string ("…"): its words must appear together, and no operator
        # or column filter can be spelled inside it. Words hold no quote characters.
        return " AND ".join(
            "(" + " OR ".join(f'"{" ".join(name)}"' for name in group) + ")"
            for group in self.alternatives
        )

    def suggestion(self) -> str | None:
        """The query with each unknown word replaced by the closest known one, if any changed.

        Known words come from the titles of the newest `SUGGESTION_TITLES` published articles,
        the names of tags that have a published article and the synonym list, so a suggestion
        never reveals a draft. Bounded, however large the archive: older titles are not read (a
        word only they contain is not suggested; tags and synonyms name most topics anyway), and
        each tag is checked with an index lookup that stops at its first published article.
        """
        published = Article.objects.published()
        newest = published.order_by("-published_at", "-pk").values("pk")[:SUGGESTION_TITLES]
        # By id only: the ids are published already, and SQLite would otherwise rather walk
        # the whole publication index.
        titles = Article.objects.filter(pk__in=newest).order_by().values_list("title", flat=True)
        tags = (
            Tag.objects.filter(
                Exists(
                    TaggedArticle.objects.filter(
                        Exists(published.filter(pk=OuterRef("content_object_id"))),
                        tag_id=OuterRef("pk"),
                    )
                )
            )
            .order_by()
            .values_list("name", flat=True)
        )
        known = {word for text in titles.union(tags) for word in words(text)}  # one query
        known.update(word for name in self.synonyms for word in name)
        suggested = [closest_word(term, known) for term in self.terms]
        return " ".join(suggested) if suggested != self.terms else None


# The two queries of a search, written with the ORM and prepared (`articles.prepared`): the
# reader's words are bound as values, never written into the SQL.


def _full_text_query(shape):
    """PostgreSQL: each word's names as phrase queries, any name of every word; `shape` gives
    how many names each word has. SQLite: the FTS5 expression `Search` writes."""
    if connection.vendor != "postgresql":
        return Slot("match", TextField())
    return reduce(
        and_,
        (
            reduce(
                or_,
                (
                    SearchQuery(
                        Slot(f"name{g}_{n}", TextField()), search_type="phrase", config="english"
                    )
                    for n in range(size)
                ),
            )
            for g, size in enumerate(shape)
        ),
    )


def _matching(query):
    """Index rows of published articles that match `query`."""
    # A correlated EXISTS rather than `article__in=`: SQLite would hand the id list to FTS5
    # and run the full-text query once per published article instead of once.
    documents = SearchDocument.objects.filter(
        Exists(Article.objects.published(now=time_slot()).filter(pk=OuterRef("article_id")))
    )
    if connection.vendor == "postgresql":
        return documents.filter(document=query)
    return documents.filter(fts__match=query)


def _rank(newest):
    """Higher for better matches among `newest`, the window's index rows (a CTE)."""
    if connection.vendor == "postgresql":
        return newest.col.rank  # SearchRank, computed in the window for its rows only
    # Where the words are: all in the title (2), else all in the summary (1), else anywhere
    # (0). Not bm25(): its weight for each word counts every article that contains it, over
    # the whole index on every search (3.5 ms at 100,000 articles for a word all of them
    # contain), however few matches are ranked. Each column's matches are read only from the
    # window's oldest id up, so this costs the same at any size of archive.
    # MIN() as a plain function, so that Django adds no GROUP BY. (ORDER BY … LIMIT 1 sorted
    # the kept window for its first id: 0.15–0.2 ms more.)
    start = Subquery(
        newest.queryset().annotate(start=Func("article_id", function="MIN")).values("start")
    )

    def found_in(column):
        return SearchDocument.objects.filter(
            fts__match=Slot(f"match_{column}", TextField()), article_id__gte=start
        ).values("article_id")

    return Case(
        *(
            When(article_id__in=found_in(column), then=Value(len(RANKED_COLUMNS) - i))
            for i, column in enumerate(RANKED_COLUMNS)
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def _snippet(query):
    if connection.vendor == "postgresql":
        return SearchHeadline(
            "body",
            query,
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            min_words=20,
            max_words=40,
        )
    return Func(
        "fts",
        Value(2),  # the body column
        Value(MARK_START),
        Value(MARK_END),
        Value("…"),
        Value(32),
        function="snippet",
        output_field=TextField(),
    )


def _build_window(shape, window, start, stop):
    """Ids of the newest `window` matches, best first, newest first among equals: those from
    `start` to `stop`, each with the count of the whole window.

    The window is found once, newest first by id, which both indexes read from the end and
    stop at, and kept (a materialised CTE) for what reads it again: the count, the ranking,
    which on SQLite starts each column's matches at the window's oldest id, and the sort.
    Written as one subquery per use instead, SQLite found the window three times (for
    "baclofen", 2.2 ms of SQL at 1,000 articles and 2.4–2.5 at 100,000; kept once, 1.5 and
    1.6, sort included). Only the page's rows leave the database: returning every ranked id
    to count them in Python cost 0.4–0.6 ms more, for "baclofen" at 1,000 articles.
    """
    query = _full_text_query(shape)
    newest = _matching(query).order_by("-article_id")
    columns = ["article_id"]
    if connection.vendor == "postgresql":
        newest = newest.annotate(rank=SearchRank(F("document"), query))  # F(): the stored vector
        columns.append("rank")
    newest = CTE(newest.values(*columns)[:window], name="newest", materialized=True)
    # COUNT() as a plain function, so that Django adds no GROUP BY (as MIN() in `_rank`).
    count = Subquery(
        newest.queryset().annotate(count=Func("article_id", function="COUNT")).values("count")
    )
    return with_cte(
        newest,
        select=newest.queryset()
        .alias(rank=_rank(newest))
        .annotate(count=count)
        .order_by("-rank", "-article_id")
        .values_list("article_id", "count")[start:stop],
    )


def _build_hits(shape, count):
    """The index rows of `count` ids, with what a result shows. The full-text query is run
    again for them: SQLite's snippet() needs it. Passages are made for those rows only."""
    query = _full_text_query(shape)
    ids = [Slot(f"id{i}", IntegerField()) for i in range(count)]
    documents = _matching(query)
    if connection.vendor == "postgresql":
        documents = documents.filter(article__id__in=ids)  # article_id would read a slot as an id
    else:
        # FTS5 looks each id of a list up on its own, finding every word's documents again for
        # each: 0.23 ms for a page of "baclofen" at 1,000 articles. The span from the first id
        # to the last is found once and read through (at most the window), and each row in it
        # checked against the list, written `+rowid IN (…)`: SQLite never looks up a term
        # behind a unary + (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_).
        # Snippets and the publication check are made for the listed rows only.
        listed = Func("article_id", template="+%(expressions)s", output_field=IntegerField())
        documents = (
            documents.filter(
                article_id__gte=Slot("first", IntegerField()),
                article_id__lte=Slot("last", IntegerField()),
            )
            .alias(listed=listed)
            .filter(listed__in=ids)
        )
    return (
        documents.annotate(snippet=_snippet(query))
        .select_related("article__author")
        # What a result shows, no more: the other columns were 0.2 ms of this query's 1.6.
        .only(*(f"article__{field}" for field in RESULT_FIELDS))
        .order_by()
    )


# A reader's words choose the shape on PostgreSQL, and the page number the slice: only so many
# are kept.
_window = Prepared(_build_window, keep=200)
_hits = Prepared(_build_hits, keep=200)


class Results:
    """A search's results as a paginator reads them (`len()` and slices). `read()` ranks a page
    and counts every result in one query; the page's rows are a second."""

    def __init__(self, search):
        self.search = search
        self._count = None
        self._read = {}  # start → (stop, ids)

    def read(self, start, stop):
        """The ids of results `start` to `stop`; the count is known from then on."""
        ids, count = self.search.ranked(start, stop)
        self._read[start] = stop, ids
        if count is not None:
            self._count = count
        return ids

    def __len__(self):
        if self._count is None:
            self.read(0, 1)  # a page past the last one, or no page read yet
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Search results are read a page (a slice) at a time.")
        start, stop = index.start or 0, index.stop
        read_stop, ids = self._read.get(start, (None, None))
        # A slice cut short at the count is in the page read up to where the results end.
        if ids is None or stop is None or read_stop < stop:
            ids = self.read(start, stop)
        return self.search.hits(ids[: None if stop is None else stop - start])


class SearchPaginator(Paginator):
    """Reads the page it is asked for together with the count (`Results.read`): one query
    where counting first and then reading the page took two."""

    def page(self, number):
        try:
            start = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            start = -1  # refused by `validate_number`, as any paginator refuses it
        if start >= 0:
            self.object_list.read(start, start + self.per_page)
        return super().page(number)


def _synonym_groups():
    groups = {}
    for synonym in Synonym.objects.all():
        names = {tuple(words(name)) for name in synonym.names()} - {()}
        for name in names:
            groups.setdefault(name, set()).update(names)
    return groups


def closest_word(term: str, known: set[str]) -> str:
    """The known word most like `term` (difflib's ratio ≥ 0.8), or `term` itself."""
    if term in known or term in STOP_WORDS or len(term) < 3 or term.isdigit():
        return term
    # A ratio of 0.8 needs lengths within that ratio of each other; skip the rest cheaply.
    candidates = [
        word
        for word in known
        if 2 * min(len(word), len(term)) >= 0.8 * (len(word) + len(term)) and not word.isdigit()
    ]
    return next(iter(difflib.get_close_matches(term, candidates, 1)), term)


def highlight(snippet: str) -> SafeString:
    """A snippet from the index as HTML: its text escaped, only its highlights made `<mark>`."""
    html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped just above; only our own markup added
