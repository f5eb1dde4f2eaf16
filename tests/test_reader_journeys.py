"""A reader's way through the live site in Chromium: by pointer on a phone and a desktop, and by
keyboard alone. Screenshots of the pages passed go to tests/artifacts/screenshots/."""

import pytest

from articles.models import Synonym

from .browser import (
    PUBLIC_PAGES,
    focused_id,
    focused_text,
    follow_author,
    follow_by_keyboard,
    follow_suggestion,
    follow_tag,
    has_visible_focus,
    open_featured_article,
    open_home,
    open_listed_article,
    overflowing_width,
    public_url,
    screenshot,
    search_from_header,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEATURED_TITLE = "Baclofen for Pudendal Neuralgia: Breakthrough Treatment Insights"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_goes_from_home_to_featured_article_tag_author_and_back(open_page, viewport):
    page = open_page(viewport)
    overflow = {}

    open_home(page)
    overflow["home"] = overflowing_width(page)
    screenshot(page, f"home-{viewport}")
    title = open_featured_article(page)
    overflow["article"] = overflowing_width(page)
    screenshot(page, f"article-{viewport}")
    follow_tag(page, "pudendal neuralgia")
    overflow["tag"] = overflowing_width(page)
    screenshot(page, f"tag-{viewport}")
    follow_author(page, "Martyn F.")
    overflow["author"] = overflowing_width(page)
    open_listed_article(page, title)

    assert title == FEATURED_TITLE
    assert page.url.endswith(public_url("article"))
    assert overflow == {"home": 0, "article": 0, "tag": 0, "author": 0}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_searches_by_brand_name_and_opens_a_result(open_page, viewport):
    # Seeded by a migration, but live-server tests start from a flushed database.
    Synonym.objects.get_or_create(term="baclofen", defaults={"equivalents": "Lioresal"})
    page = open_page(viewport)

    open_home(page)
    search_from_header(page, "Lioresal")
    overflow = overflowing_width(page)
    screenshot(page, f"search-{viewport}")
    open_listed_article(page, FEATURED_TITLE)

    assert overflow == 0
    assert page.url.endswith(public_url("article"))


def test_misspelt_search_offers_a_spelling_that_finds_articles(open_page):
    page = open_page()

    open_home(page)
    search_from_header(page, "guafenesin")
    follow_suggestion(page, "guaifenesin")

    assert page.get_by_role("link", name="Guaifenesin and Liver Health").count() == 1


def test_first_tab_focuses_the_skip_link_visibly(open_page):
    page = open_page()
    page.goto(public_url("home"))

    page.keyboard.press("Tab")

    assert focused_text(page) == "Skip to main content"
    assert has_visible_focus(page)
    assert page.get_by_role("link", name="Skip to main content").bounding_box()["y"] >= 0


def test_skip_link_moves_focus_to_the_main_content(open_page):
    page = open_page()
    page.goto(public_url("article"))
    page.keyboard.press("Tab")

    page.keyboard.press("Enter")

    assert focused_id(page) == "main"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_keyboard_reader_reaches_article_tag_and_author_with_focus_always_visible(
    open_page, viewport
):
    page = open_page(viewport)
    page.goto(public_url("home"))
    unmarked = []

    unmarked += follow_by_keyboard(page, FEATURED_TITLE, FEATURED_TITLE)
    unmarked += follow_by_keyboard(page, "pudendal neuralgia", "Articles about pudendal neuralgia")
    unmarked += follow_by_keyboard(page, "Martyn F.", "Martyn F.")
    unmarked += follow_by_keyboard(page, FEATURED_TITLE, FEATURED_TITLE)

    assert unmarked == []


@pytest.mark.parametrize("name", [name for name in PUBLIC_PAGES if name != "not-found"])
def test_text_at_200_percent_fits_the_phone_screen(open_page, name):
    page = open_page("phone")
    page.goto(public_url(name))

    # CSSOM, not an injected <style>, so a strict Content-Security-Policy does not block it.
    page.evaluate("document.documentElement.style.fontSize = '200%'")

    assert overflowing_width(page) == 0


@pytest.mark.parametrize("name", [name for name in PUBLIC_PAGES if name != "not-found"])
def test_public_page_loads_without_browser_errors(open_page, name):
    # A blocked script or stylesheet (e.g. by the Content-Security-Policy), a missing static
    # file or a script error shows up here.
    page = open_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))

    response = page.goto(public_url(name))

    assert response.status == 200
    assert errors == []
