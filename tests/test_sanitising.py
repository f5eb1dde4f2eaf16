"""XSS payloads in every author-written field never come out as executable markup."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from markupsafe import escape

from articles.models import Article

from .factories import NO_INLINES, ArticleFactory, AuthorFactory, EditorUserFactory, PageFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '<body onload="alert(1)">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
]
PAGES = {
    "home": lambda article, page: reverse("articles:home"),
    "list": lambda article, page: reverse("articles:list"),
    "article": lambda article, page: article.get_absolute_url(),
    "tags": lambda article, page: reverse("articles:tags"),
    "tag": lambda article, page: reverse("articles:tag", kwargs={"slug": tag_slug(article)}),
    "author": lambda article, page: article.author.get_absolute_url(),
    "page": lambda article, page: page.get_absolute_url(),
}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "base", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class ExecutableMarkupFinder(HTMLParser):
    """Collects every tag or attribute that could run script in a browser."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_json_ld = False

    def handle_starttag(self, tag, attrs):
        # The site's own JSON-LD is a data block browsers never run, as long as its whole content
        # is one JSON document: a payload that ended it early would leave invalid JSON behind.
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.in_json_ld = True
        elif tag == "form" and is_site_search_form(attrs):
            pass  # the site's own search box, in every header
        elif tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            scheme = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}=")
            elif name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        if self.in_json_ld:
            try:
                json.loads(data)
            except ValueError:
                self.found.append("JSON-LD broken open")
            self.in_json_ld = False


def is_site_search_form(attrs):
    """A GET form to the site's search page: the only form a public page has of its own."""
    attrs = dict(attrs)
    return (
        attrs.get("action") == reverse("articles:search")
        and attrs.get("method") == "get"
        and attrs.get("role") == "search"
    )


def executable_markup(html):
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    return finder.found


def tag_slug(article):
    return article.tags.get().slug


@pytest.fixture(params=PAYLOADS)
def hostile(request):
    payload = request.param
    article = ArticleFactory(
        title=f"Title {payload}",
        summary=f"Summary {payload}",
        body=f"<p>Body</p>{payload}",
        author=AuthorFactory(name=f"Name {payload}", bio=payload),
        is_featured=True,
        tags=[f"tag {payload}"[:100]],
        with_image=True,
        hero_alt=f"Alt {payload}",
    )
    page = PageFactory(title=f"Page {payload}", body=payload)
    return article, page


@pytest.mark.parametrize("page_name", PAGES)
def test_public_page_renders_no_executable_markup(client, hostile, page_name):
    article, page = hostile

    response = client.get(PAGES[page_name](article, page))

    assert response.status_code == 200
    assert executable_markup(response.content.decode()) == []


def test_article_page_shows_payload_text_escaped(client, hostile):
    article, _ = hostile

    response = client.get(article.get_absolute_url())

    assert f"<h1>{escape(article.title)}</h1>" in response.content.decode()
    assert f'alt="{escape(article.hero_alt)}"' in response.content.decode()


def test_preview_renders_no_executable_markup(client, hostile):
    article, _ = hostile
    client.force_login(EditorUserFactory())

    response = client.get(reverse("articles:preview", kwargs={"pk": article.pk}))

    assert executable_markup(response.content.decode()) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_body_saved_through_the_admin_is_stored_clean(client, payload):
    author = AuthorFactory()
    client.force_login(EditorUserFactory())

    client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Hostile",
            "slug": "hostile",
            "author": author.pk,
            "summary": "",
            "body": f"<h2>Heading</h2><p><strong>Bold</strong> text</p>{payload}",
            "tags": "",
            **NO_INLINES,
            "review_interval_days": "",
        },
    )

    body = Article.objects.get(slug="hostile").body
    assert '<h2 id="heading">Heading</h2>' in body
    assert "<strong>Bold</strong>" in body
    assert executable_markup(body) == []


def test_the_finder_detects_what_it_looks_for():
    html = '<p onclick="x" style="y"><a href=" javascript:x">a</a></p><script></script>'

    assert executable_markup(html) == [
        "p onclick=",
        "p style=",
        "a href= javascript:x",
        "<script>",
    ]
