from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import dateformat, timezone, translation
from django.utils.text import Truncator

from articles.links import static, url
from articles.templating import date, sitemap_index_entries, truncatechars

from .factories import ArticleFactory, PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_canonical_url_is_the_objects_absolute_url():
    page = PageFactory(slug="about")
    request = RequestFactory().get("/about/", {"utm_source": "x"})

    assert render("{{ canonical_url(request, page) }}", request=request, page=page) == (
        "http://testserver/about/"
    )


def test_canonical_url_of_a_later_list_page_keeps_its_number():
    request = RequestFactory().get("/articles/", {"page": "3", "sort": "x"})
    page_obj = Paginator(range(30), 10).get_page(3)

    assert render(
        "{{ canonical_url(request, page_obj=page_obj) }}", request=request, page_obj=page_obj
    ) == ("http://testserver/articles/?page=3")


def test_canonical_url_of_the_first_list_page_has_no_number():
    request = RequestFactory().get("/articles/", {"page": "1"})
    page_obj = Paginator(range(30), 10).get_page(1)

    assert render(
        "{{ canonical_url(request, page_obj=page_obj) }}", request=request, page_obj=page_obj
    ) == ("http://testserver/articles/")


def test_article_body_links_citations_to_the_articles_references():
    article = ArticleFactory(body="<p>Shown [1], not [2].</p>")
    ReferenceFactory(article=article)

    rendered = render("{{ article_body(article) }}", article=article)

    assert rendered == (
        '<p>Shown <a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a>, not [2].</p>'
    )


def test_richtext_cleans_and_leaves_citations_alone():
    rendered = render("{{ html|richtext }}", html="<p onclick='x()'>Cited [1]</p>")

    assert rendered == "<p>Cited [1]</p>"


def test_date_shows_the_sites_local_day_like_djangos_filter():
    # 23:30 UTC on 1 July is already 2 July in London (BST).
    published_at = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)

    rendered = render("{{ at|date('j F Y') }} {{ at|date('c') }}", at=published_at)

    assert rendered == "2 July 2026 2026-07-02T00:30:00+01:00"


@pytest.mark.parametrize("format_string", ["c", "j F Y", "Y-m-d", "N j, Y"])
def test_date_formats_like_djangos_formatter_all_year_round(format_string):
    days = [
        datetime(2026, 1, 1, 0, 30, tzinfo=UTC) + timedelta(days=n, hours=n) for n in range(366)
    ]

    rendered = [date(day, format_string) for day in days]

    assert rendered == [dateformat.format(timezone.localtime(day), format_string) for day in days]


@pytest.mark.parametrize(
    "text",
    [
        "Short.",
        "Baclofen: what to expect – dosing, “side effects” and stopping safely. " * 6,
        "x" * 201,
        "e\u0301" * 150,  # combining accents: composed by NFC
        "q\u0301" * 150,  # combining accents that stay combining
        "Mid-way " * 20 + "q\u0301" + "tail " * 40,
    ],
)
@pytest.mark.parametrize("length", [1, 2, 160, 200, 300])
def test_truncatechars_cuts_like_djangos_truncator(text, length):
    assert truncatechars(text, length) == Truncator(text).chars(length)


def test_dates_follow_the_time_zone_and_language_active_for_the_render():
    # The page reads both once per render; each render reads them afresh.
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    source = "{{ at|date('j F Y') }} {{ at|date('c') }}"

    in_london = render(source, at=at)
    with timezone.override("Asia/Tokyo"), translation.override("de"):
        in_tokyo_in_german = render(source, at=at)

    assert in_london == "1 March 2026 2026-03-01T23:30:00+00:00"
    assert in_tokyo_in_german == "2 März 2026 2026-03-02T08:30:00+09:00"
    assert render(source, at=at) == in_london  # nothing of the other render stays


def test_date_of_nothing_is_empty():
    assert render("{{ at|date('j F Y') }}", at=None) == ""


def test_url_is_reverses_answer_for_each_set_of_arguments():
    rendered = render("{{ url('articles:tag', slug='a') }} {{ url('articles:tag', slug='b') }}")

    assert rendered == f"{reverse('articles:tag', kwargs={'slug': 'a'})} /tags/b/"


def test_pluralize_counts_one_as_singular():
    assert render("{{ 0|pluralize }} {{ 1|pluralize }} {{ 2|pluralize }}") == "s  s"


def test_remembered_urls_follow_the_script_prefix():
    before = url("articles:tag", slug="a")
    set_script_prefix("/blog/")
    try:
        under_prefix = url("articles:tag", slug="a")
    finally:
        set_script_prefix("/")

    assert (before, under_prefix, url("articles:tag", slug="a")) == (
        "/tags/a/",
        "/blog/tags/a/",
        "/tags/a/",
    )


def test_sitemap_index_entries_escape_locations_and_date_each_section():
    changed = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    entries = sitemap_index_entries(
        [
            SitemapIndexItem("http://testserver/sitemap-a.xml?p=2&x=<1>", changed),
            SitemapIndexItem("http://testserver/sitemap-b.xml", None),
        ]
    )

    assert entries == (
        "<sitemap><loc>http://testserver/sitemap-a.xml?p=2&amp;x=&lt;1&gt;</loc>"
        f"<lastmod>{date(changed, 'c')}</lastmod></sitemap>"
        "<sitemap><loc>http://testserver/sitemap-b.xml</loc></sitemap>"
    )


def test_static_urls_follow_the_settings(settings):
    settings.STATIC_URL = "/static/"
    assert static("css/site.css") == "/static/css/site.css"

    settings.STATIC_URL = "/assets/"

    assert static("css/site.css") == "/assets/css/site.css"
