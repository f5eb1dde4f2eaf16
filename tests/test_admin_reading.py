"""Editing references and tag descriptions in the admin."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from articles.models import Page, TagDescription

from .factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def article_form(author, **extra):
    return {
        "title": "Baclofen guide",
        "slug": "baclofen-guide",
        "author": author.pk,
        "summary": "What to expect.",
        "body": "<p>It relaxes muscles [1].</p>",
        "tags": "baclofen",
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "09:00:00",
        "references-INITIAL_FORMS": "0",
        **extra,
    }


def test_editor_adds_references_inline_in_order(admin_client):
    author = AuthorFactory()

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(
            author,
            **{
                "references-TOTAL_FORMS": "2",
                "references-0-order": "2",
                "references-0-title": "Second",
                "references-1-order": "1",
                "references-1-title": "First",
                "references-1-doi": "10.1136/bmj.n71",
                "references-1-pmid": "33782057",
                "references-1-url": "https://example.org/first",
            },
        ),
    )

    assert response.status_code == 302
    article = author.articles.get()
    assert [r.title for r in article.references.all()] == ["First", "Second"]
    assert article.references.get(title="First").doi == "10.1136/bmj.n71"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "https://doi.org/10.1136/bmj.n71", "Enter a DOI such as"),
        ("pmid", "PMID 123", "A PubMed ID is digits only."),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_bad_reference_identifiers_are_refused_with_a_message(admin_client, field, value, message):
    author = AuthorFactory()

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(
            author,
            **{
                "references-TOTAL_FORMS": "1",
                "references-0-order": "1",
                "references-0-title": "A source",
                f"references-0-{field}": value,
            },
        ),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not author.articles.exists()


def test_editor_writes_a_tag_description_in_the_tag_admin(admin_client):
    tag = Tag.objects.create(name="baclofen", slug="baclofen")

    response = admin_client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]),
        {
            "name": "baclofen",
            "slug": "baclofen",
            "description-TOTAL_FORMS": "1",
            "description-INITIAL_FORMS": "0",
            "description-0-text": "A muscle relaxant.",
        },
    )

    assert response.status_code == 302
    assert TagDescription.objects.get(tag=tag).text == "A muscle relaxant."


def test_tag_admin_pages_load(admin_client):
    ArticleFactory(tags=["baclofen"])
    tag = Tag.objects.get()

    assert admin_client.get(reverse("admin:taggit_tag_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:taggit_tag_change", args=[tag.pk])).status_code == 200


def test_demo_adds_disclaimer_and_editorial_policy_once_keeping_edits():
    call_command("load_demo", stdout=None)
    Page.objects.filter(slug="medical-disclaimer").update(title="Edited disclaimer")

    call_command("load_demo", stdout=None)

    assert Page.objects.filter(slug="medical-disclaimer").get().title == "Edited disclaimer"
    assert Page.objects.published().filter(slug="editorial-policy").count() == 1
