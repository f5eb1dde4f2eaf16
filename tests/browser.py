"""What the browser tests do to a page: check it with axe, measure it, photograph it, and walk
the reader's steps. One function per step, so a journey reads as a list of them."""

import os
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
ARTIFACTS = Path(__file__).parent / "artifacts"


def chromium_path():
    """Debian's Chromium, or the browser CHROMIUM_PATH names; None when there is none."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


# One URL of each public page type, in the demo content.
FEATURED_SLUG = "baclofen-pudendal-neuralgia"
PUBLIC_PAGES = {
    "home": ("articles:home", {}),
    "article": ("articles:detail", {"slug": FEATURED_SLUG}),
    "article-list": ("articles:list", {}),
    "tag": ("articles:tag", {"slug": "baclofen"}),
    "tag-index": ("articles:tags", {}),
    "author": ("articles:author", {"slug": "martyn-f"}),
    "about": ("articles:page", {"slug": "about"}),
    "search": ("articles:search", {}),
    "not-found": ("articles:page", {"slug": "no-such-page"}),
}
# Pages whose content comes from the query string.
PUBLIC_QUERIES = {"search": "q=lioresal"}


def public_url(name):
    url_name, kwargs = PUBLIC_PAGES[name]
    query = PUBLIC_QUERIES.get(name)
    return reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")


BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def axe_violations(page):
    """axe-core's violations on the page as loaded, each a dict with id, impact, help, nodes."""
    return _axe.run(page).response["violations"]


def describe(violation):
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['impact']}: {violation['id']} – {violation['help']} ({targets})"


def overflowing_width(page):
    """How many CSS pixels the page is wider than its viewport: 0 when nothing is cut off."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def focus_indicator(page):
    """The focused element's outline and box-shadow, as the browser computes them."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {
                outline: style.outlineStyle === "none" ? "" : style.outlineWidth,
                boxShadow: style.boxShadow === "none" ? "" : style.boxShadow,
            };
        }"""
    )


def has_visible_focus(page):
    indicator = focus_indicator(page)
    return indicator["outline"] not in ("", "0px") or bool(indicator["boxShadow"])


def focused_text(page):
    return page.evaluate("document.activeElement.innerText.trim()")


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def tab_to(page, text, limit=50):
    """Presses Tab until the element reading `text` has focus. Returns what it passed on the
    way (and the target itself) that showed no focus indicator, so a test can assert none."""
    unmarked = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if not has_visible_focus(page):
            unmarked.append(focused_text(page))
        if focused_text(page) == text:
            return unmarked
    raise AssertionError(f"{limit} presses of Tab did not reach {text!r}")


def screenshot(page, name):
    """A full-page PNG in tests/artifacts/screenshots/ for a person to look at after a run."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def heading(page):
    return page.get_by_role("heading", level=1)


# The reader's steps. Each starts on the page the previous one ended on and checks where it
# arrived, so a journey test is these calls in order.


def open_home(page):
    page.goto(public_url("home"))
    expect(page).to_have_title("Health and Wellness")


def open_featured_article(page):
    """Follows the featured card's title; returns the article's title."""
    card = page.locator(".card-featured")
    title = card.get_by_role("heading").inner_text()
    card.get_by_role("link", name=title, exact=True).click()
    expect(heading(page)).to_have_text(title)
    return title


def follow_tag(page, name):
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(f"Articles about {name}")


def follow_author(page, name):
    """From a byline on the page, to the author's profile."""
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(name)


def open_listed_article(page, title):
    page.get_by_role("link", name=title, exact=True).click()
    expect(heading(page)).to_have_text(title)


def search_from_header(page, query):
    """Types `query` into the header's search box and presses Enter: a plain form, no script."""
    box = page.get_by_role("search", name="Site").get_by_role("searchbox", name="Search articles")
    box.fill(query)
    box.press("Enter")
    expect(heading(page)).to_have_text("Search")


def follow_suggestion(page, word):
    """From “Did you mean …?” to the results for the suggested spelling."""
    page.get_by_role("link", name=word, exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"for “{word}”")


# The same steps by keyboard alone: past the header through the skip link, then Tab to a link
# and Enter.


def skip_to_main(page):
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def follow_by_keyboard(page, link_text, arriving_heading):
    """Skip link, Tab to the link, Enter; returns links that showed no focus on the way."""
    skip_to_main(page)
    unmarked = tab_to(page, link_text)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(arriving_heading)
    return unmarked
