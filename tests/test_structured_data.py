import json
import re
from datetime import UTC, datetime

import pytest
from django.template import engines
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory, reviewed

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(response):
    """The page's one JSON-LD block, parsed."""
    [block] = JSON_LD.findall(response.content.decode())
    return json.loads(block)


def graph_node(data, type_):
    [node] = [node for node in data["@graph"] if node["@type"] == type_]
    return node


@pytest.fixture
def article():
    return ArticleFactory(
        title="Baclofen guide",
        summary="What to expect from baclofen.",
        author=AuthorFactory(name="Martyn F.", slug="martyn-f", credentials="PharmD"),
        tags=["baclofen"],
    )


def test_article_json_ld_is_a_medical_web_page(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    page = graph_node(data, "MedicalWebPage")
    assert data["@context"] == "https://schema.org"
    assert page["url"] == f"http://testserver{article.get_absolute_url()}"
    assert page["name"] == "Baclofen guide"
    assert page["description"] == "What to expect from baclofen."
    assert page["mainEntity"] == {"@id": graph_node(data, "Article")["@id"]}


def test_article_json_ld_has_headline_description_and_dates(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    node = graph_node(data, "Article")
    assert node["headline"] == "Baclofen guide"
    assert node["description"] == "What to expect from baclofen."
    assert node["datePublished"] == article.published_at.isoformat()
    assert node["dateModified"] == article.updated_at.isoformat()


def test_article_json_ld_author_is_a_person_with_credentials_and_profile(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    assert graph_node(data, "Article")["author"] == {
        "@type": "Person",
        "name": "Martyn F.",
        "honorificSuffix": "PharmD",
        "url": "http://testserver/authors/martyn-f/",
    }


def test_author_without_credentials_has_no_honorific(client):
    article = ArticleFactory(author=AuthorFactory(credentials=""))

    data = json_ld(client.get(article.get_absolute_url()))

    assert "honorificSuffix" not in graph_node(data, "Article")["author"]


def test_article_json_ld_publisher_is_the_site(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    publisher = graph_node(data, "Organization")
    assert publisher["name"] == "Health and Wellness"
    assert publisher["url"] == "http://testserver/"
    assert graph_node(data, "Article")["publisher"] == {"@id": publisher["@id"]}


def test_article_json_ld_claims_no_review_when_none_is_recorded(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    page = graph_node(data, "MedicalWebPage")
    assert "reviewedBy" not in page
    assert "lastReviewed" not in page


def test_article_json_ld_names_the_recorded_review(client, article):
    reviewer = AuthorFactory(name="Dr Ada Reviewer", slug="ada", credentials="MD")
    reviewed(article, reviewer=reviewer, reviewed_at=datetime(2026, 3, 4, 10, tzinfo=UTC))

    data = json_ld(client.get(article.get_absolute_url()))

    page = graph_node(data, "MedicalWebPage")
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ada Reviewer",
        "url": "http://testserver/authors/ada/",
        "honorificSuffix": "MD",
    }
    assert page["lastReviewed"] == "2026-03-04"


def test_article_json_ld_has_breadcrumbs(client, article):
    data = json_ld(client.get(article.get_absolute_url()))

    crumbs = graph_node(data, "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "http://testserver/"),
        (2, "Articles", "http://testserver/articles/"),
        (3, "Baclofen guide", f"http://testserver{article.get_absolute_url()}"),
    ]


def test_hostile_title_cannot_break_out_of_the_json_ld(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    article = ArticleFactory(title=hostile, summary=hostile)

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content
    assert graph_node(json_ld(response), "Article")["headline"] == hostile


def test_json_ld_tag_escapes_like_json_script():
    rendered = (
        engines["jinja2"].from_string("{{ json_ld(data) }}").render({"data": {"name": "<b>&</b>"}})
    )

    assert rendered == (
        '<script type="application/ld+json">'
        '{"name": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"}</script>'
    )


def test_tag_page_has_breadcrumb_list(client):
    ArticleFactory(tags=["baclofen"])

    data = json_ld(client.get(reverse("articles:tag", kwargs={"slug": "baclofen"})))

    assert data["@type"] == "BreadcrumbList"
    assert [c["name"] for c in data["itemListElement"]] == ["Home", "Topics", "baclofen"]


def test_author_page_has_breadcrumb_list(client):
    author = AuthorFactory(name="Martyn F.")

    data = json_ld(client.get(author.get_absolute_url()))

    assert [c["item"] for c in data["itemListElement"]] == [
        "http://testserver/",
        f"http://testserver{author.get_absolute_url()}",
    ]


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("article", ["Home", "Articles", "Baclofen guide"]),
        ("tag", ["Home", "Topics", "baclofen"]),
        ("author", ["Home", "Martyn F."]),
    ],
)
def test_visible_breadcrumbs_mark_the_current_page(client, article, url, trail):
    urls = {
        "article": article.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "baclofen"}),
        "author": article.author.get_absolute_url(),
    }

    content = client.get(urls[url]).content.decode()

    nav = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', content, re.S)
    links = re.findall(r"<a [^>]*>([^<]*)</a>", nav[1])
    assert links == trail
    assert f'<a href="{urls[url]}" aria-current="page">' in nav[1]


def test_list_pages_have_no_json_ld(client):
    ArticleFactory()

    response = client.get(reverse("articles:list"))

    assert JSON_LD.findall(response.content.decode()) == []
