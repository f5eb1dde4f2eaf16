"""axe-core in Chromium on every public page type and on the admin's article form."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article

from .browser import (
    BLOCKING_IMPACTS,
    FEATURED_SLUG,
    PUBLIC_PAGES,
    axe_violations,
    describe,
    heading,
    public_url,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_or_critical_axe_violations(open_page, axe_notes, name):
    page = open_page()
    page.goto(public_url(name))

    violations = axe_violations(page)

    axe_notes.extend(f"{name}: {describe(v)}" for v in violations)
    assert [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS] == []


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_one_h1_inside_one_main_landmark(open_page, name):
    page = open_page()

    page.goto(public_url(name))

    assert heading(page).count() == 1
    assert page.get_by_role("main").locator("h1").count() == 1


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_declares_british_english(open_page, name):
    page = open_page()

    page.goto(public_url(name))

    assert page.locator("html").get_attribute("lang") == "en-GB"


@pytest.mark.parametrize("form", ["add", "change"])
def test_admin_article_form_axe_findings_are_listed(open_page, axe_notes, form):
    get_user_model().objects.create_superuser("editor", password="a-long-test-password")
    article = Article.objects.get(slug=FEATURED_SLUG)
    url = {
        "add": reverse("admin:articles_article_add"),
        "change": reverse("admin:articles_article_change", args=[article.pk]),
    }[form]
    page = open_page()
    sign_in(page, "editor", "a-long-test-password")
    page.goto(url)

    violations = axe_violations(page)

    axe_notes.extend(f"admin article {form} form: {describe(v)}" for v in violations)
    assert heading(page).inner_text() in ("Add article", "Change article")
