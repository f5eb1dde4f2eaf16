"""axe-core in Chromium on every public page type and on the admin's article form."""

import pytest
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
)
from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_or_critical_axe_violations(open_page, axe_notes, name):
    page = open_page()
    page.goto(public_url(name))

    violations = axe_violations(page)

    axe_notes.extend(f"{name}: {describe(v)}" for v in violations)
    assert [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS] == []


@pytest.mark.parametrize(("form", "title"), [("add", "Add article"), ("change", "Change article")])
def test_admin_article_form_has_no_serious_or_critical_axe_violations(
    open_page, sign_in, axe_notes, form, title
):
    # The editor and the author select get their labels' names from admin-extra's script.
    article = Article.objects.get(slug=FEATURED_SLUG)
    args = [article.pk] if form == "change" else []
    page = open_page()
    sign_in(page, UserFactory(is_superuser=True, password=None))
    page.goto(reverse(f"admin:articles_article_{form}", args=args))

    violations = axe_violations(page)

    axe_notes.extend(f"admin article {form} form: {describe(v)}" for v in violations)
    assert heading(page).inner_text() == title
    assert [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS] == []
