import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from .factories import ArticleFactory, PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load articles %}" + source).render(Context(context))


def test_canonical_url_is_the_objects_absolute_url():
    page = PageFactory(slug="about")
    request = RequestFactory().get("/about/", {"utm_source": "x"})

    assert render("{% canonical_url %}", request=request, object=page) == (
        "http://testserver/about/"
    )


def test_canonical_url_of_a_later_list_page_keeps_its_number():
    request = RequestFactory().get("/articles/", {"page": "3", "sort": "x"})
    page_obj = Paginator(range(30), 10).get_page(3)

    assert render("{% canonical_url %}", request=request, page_obj=page_obj) == (
        "http://testserver/articles/?page=3"
    )


def test_canonical_url_of_the_first_list_page_has_no_number():
    request = RequestFactory().get("/articles/", {"page": "1"})
    page_obj = Paginator(range(30), 10).get_page(1)

    assert render("{% canonical_url %}", request=request, page_obj=page_obj) == (
        "http://testserver/articles/"
    )


def test_article_body_links_citations_to_the_articles_references():
    article = ArticleFactory(body="<p>Shown [1], not [2].</p>")
    ReferenceFactory(article=article)

    rendered = render("{% article_body article %}", article=article)

    assert rendered == (
        '<p>Shown <a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a>, not [2].</p>'
    )


def test_richtext_cleans_and_leaves_citations_alone():
    rendered = render("{{ html|richtext }}", html="<p onclick='x()'>Cited [1]</p>")

    assert rendered == "<p>Cited [1]</p>"
