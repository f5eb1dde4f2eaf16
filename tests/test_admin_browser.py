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
