"""The admin's article form in Chromium at phone and desktop widths, photographed for review."""

import pytest
from django.urls import reverse

from articles.models import Article

from .browser import FEATURED_SLUG, overflowing_width, screenshot
from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_admin_article_form_fits_the_screen_with_save_in_reach(open_page, sign_in, viewport):
    article = Article.objects.get(slug=FEATURED_SLUG)
    page = open_page(viewport)
    sign_in(page, UserFactory(is_superuser=True, password=None))

    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    screenshot(page, f"admin-article-form-{viewport}")

    assert page.locator("#id_title").input_value() == article.title
    assert page.get_by_role("button", name="Save", exact=True).is_visible()
    assert overflowing_width(page) == 0


def test_rich_text_editor_runs_under_the_admins_content_security_policy(open_page, sign_in):
    page = open_page("desktop")
    problems = []
    # A blocked script or style shows as a console error ("Refused to …"); a missing file as a
    # failed response. The browser's own favicon request is not the page's.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    sign_in(page, UserFactory(is_superuser=True, password=None))

    page.goto(reverse("admin:articles_article_add"))
    editor = page.locator('.field-body [contenteditable="true"]')
    editor.click()
    page.keyboard.type("Baclofen calms overactive nerves.")

    assert "Baclofen calms overactive nerves." in editor.inner_text()
    assert problems == []
