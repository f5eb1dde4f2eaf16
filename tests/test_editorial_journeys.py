"""The editorial workflow driven through the real admin in Chromium, as its people use it: an
author writes and submits, a medical reviewer signs off, an editor publishes and schedules, and
two editors save the same article. Screenshots go to tests/artifacts/screenshots/."""

import re
import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, Review

from .browser import BLOCKING_IMPACTS, axe_violations, describe, heading, screenshot
from .factories import (
    ArticleFactory,
    AuthorUserFactory,
    EditorUserFactory,
    ReviewerUserFactory,
    reviewed,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Article.Status
ROLES = import_module("articles.migrations.0003_editorial_workflow").ROLES


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """The role groups as the data migration makes them: the flush after every transactional
    test (these and others) deletes them, while the permissions they grant are made again."""
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def awaiting_review(title, **kwargs):
    return ArticleFactory(title=title, status=Status.IN_REVIEW, published_at=None, **kwargs)


def awaiting_publication(title):
    return reviewed(awaiting_review(title))


def open_from_changelist(page, title):
    page.goto(reverse("admin:articles_article_changelist"))
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("navigation", name="Breadcrumbs")).to_contain_text(title)


def home_page_text(open_page):
    """The home page as an anonymous reader gets it (a new context: no session, cache applies)."""
    page = open_page()
    page.goto(reverse("articles:home"))
    text = page.get_by_role("main").inner_text()
    page.context.close()
    return text


def first_seen_on_home(open_page, title, deadline):
    """Reloads the home page as a new reader until `title` is on it: when that was, or None."""
    while timezone.localtime() < deadline:
        if title in home_page_text(open_page):
            return timezone.localtime()
        time.sleep(0.5)
    return None


def make_photo(path):
    """A small real JPEG, as a phone or a stock library would give it."""
    Image.new("RGB", (640, 360), (40, 120, 110)).save(path, "JPEG")
    return path


def write_body(page):
    """Types the body in the rich-text editor: a heading, a list, and a paragraph with a link."""
    editor = page.locator('.field-body [contenteditable="true"]')
    toolbar = page.locator(".field-body .prose-menubar")
    editor.click()
    toolbar.locator(".prose-menubar__selected").click()  # the block-type dropdown
    toolbar.get_by_role("button", name="Heading 2").click()
    page.keyboard.type("How baclofen works")
    page.keyboard.press("Enter")
    page.keyboard.type("It calms overactive nerves. At bedtime:")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="unordered list").click()
    page.keyboard.type("Take it with water")
    page.keyboard.press("Enter")
    page.keyboard.type("Avoid alcohol")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("NHS guidance")
    # Select the paragraph's text in one step, and let the editor take the selection before
    # the toolbar acts on it (key by key, a busy machine could act on half a selection).
    page.keyboard.press("Shift+Home")
    page.wait_for_function("window.getSelection().toString() === 'NHS guidance'")
    toolbar.get_by_role("button", name="insert link").click()
    link_dialog = page.get_by_role("dialog")
    link_dialog.get_by_label("URL").fill("https://www.nhs.uk/medicines/baclofen/")
    link_dialog.get_by_role("button", name="Update").click()
    expect(editor.get_by_role("link", name="NHS guidance")).to_be_visible()


def button_or_link(page, name):
    return page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name))


def test_author_writes_and_submits_an_article_and_finds_no_publish_control(
    open_page, sign_in, tmp_path
):
    author = AuthorUserFactory(password=None)
    ArticleFactory(status=Status.DRAFT, title="Someone else's unfinished draft")
    photo = make_photo(tmp_path / "night-table.jpg")
    page = open_page()
    sign_in(page, author)

    page.goto(reverse("admin:articles_article_changelist"))
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Title").press_sequentially("Baclofen at night")
    page.get_by_label("Summary").press_sequentially("What to expect from a bedtime dose.")
    write_body(page)
    page.get_by_label("Hero image:").set_input_files(photo)
    page.get_by_label("Alt text").fill("A glass of water beside a pill box on a night table")
    page.get_by_role("button", name="Save and continue editing").click()
    publish_controls = button_or_link(page, re.compile("Publish|Schedule", re.IGNORECASE))
    on_the_draft = publish_controls.count()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("now In review")
    once_in_review = publish_controls.count()
    page.goto(reverse("admin:articles_article_changelist"))
    listed = page.locator("#result_list").inner_text()

    article = Article.objects.get(title="Baclofen at night")
    assert article.status == Status.IN_REVIEW
    assert article.author == author.author_profile
    assert '<h2 id="how-baclofen-works">How baclofen works</h2>' in article.body
    assert '<a href="https://www.nhs.uk/medicines/baclofen/"' in article.body
    assert ">NHS guidance</a>" in article.body
    assert (
        "<ul><li><p>Take it with water</p></li><li><p>Avoid alcohol</p></li></ul>" in article.body
    )
    assert article.hero_image.storage.exists(article.hero_image.name)
    assert (article.hero_width, article.hero_height) == (640, 360)
    assert article.hero_alt == "A glass of water beside a pill box on a night table"
    assert (on_the_draft, once_in_review) == (0, 0)
    assert "Baclofen at night" in listed
    assert "Someone else's unfinished draft" not in listed


def test_medical_reviewer_records_a_review_that_the_preview_then_shows(open_page, sign_in):
    reviewer = ReviewerUserFactory(password=None, author_profile__name="Amara Okafor")
    article = awaiting_review("Baclofen and driving")
    page = open_page()
    sign_in(page, reviewer)

    open_from_changelist(page, "Baclofen and driving")
    page.get_by_label("Note", exact=True).fill("Doses and warnings match the current BNF entry.")
    page.get_by_role("button", name="Record medical review").click()
    expect(page.locator(".messagelist")).to_contain_text("done")
    page.get_by_role("link", name="Preview").click()

    expect(heading(page)).to_have_text("Baclofen and driving")
    expect(page.get_by_role("main")).to_contain_text("Medically reviewed by Amara Okafor, PharmD")
    review = Review.objects.get(article=article)
    assert review.reviewer == reviewer.author_profile
    assert review.note == "Doses and warnings match the current BNF entry."
    article.refresh_from_db()
    assert article.last_review == review
    assert article.status == Status.IN_REVIEW


def test_editor_publishes_one_article_at_once_and_schedules_another_that_appears_by_itself(
    open_page, sign_in
):
    awaiting_publication("Magnesium and cramps")
    awaiting_publication("Stretching before bed")
    home_before = home_page_text(open_page)  # cached now: publishing must replace this copy
    page = open_page()
    sign_in(page, EditorUserFactory(password=None))

    open_from_changelist(page, "Magnesium and cramps")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("now Published")
    home_after_publishing = home_page_text(open_page)
    open_from_changelist(page, "Stretching before bed")
    # Far enough ahead for the steps before it on a busy machine, near enough to wait for.
    # Whole seconds: the form's time field keeps no fraction of a second.
    go_live_at = (timezone.localtime() + timedelta(seconds=8)).replace(microsecond=0)
    page.get_by_label("Go live at").fill(f"{go_live_at:%Y-%m-%dT%H:%M:%S}")
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".messagelist")).to_contain_text("scheduled — goes live")
    home_after_scheduling = home_page_text(open_page)
    shown_before_its_time = timezone.localtime() < go_live_at
    appeared_at = first_seen_on_home(
        open_page, "Stretching before bed", deadline=go_live_at + timedelta(seconds=5)
    )

    assert "Magnesium and cramps" not in home_before
    assert "Magnesium and cramps" in home_after_publishing
    assert Article.objects.published().filter(title="Magnesium and cramps").exists()
    assert shown_before_its_time
    assert "Stretching before bed" not in home_after_scheduling
    assert appeared_at is not None
    assert appeared_at >= go_live_at
    scheduled = Article.objects.get(title="Stretching before bed")
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.published_at == go_live_at


def test_second_editor_saving_over_a_newer_version_is_refused_and_keeps_their_text(
    open_page, sign_in
):
    article = ArticleFactory(title="Sleep and pain", summary="How poor sleep worsens pain.")
    first = open_page()
    sign_in(first, EditorUserFactory(password=None, first_name="Grace", last_name="Adeyemi"))
    second = open_page()
    sign_in(second, EditorUserFactory(password=None))
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    first.goto(change_url)
    second.goto(change_url)

    first.get_by_label("Title").fill("Sleep and chronic pain")
    second.get_by_label("Summary").fill("Why a bad night makes pain worse, and what helps.")
    first.get_by_role("button", name="Save and continue editing").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")
    second.get_by_role("button", name="Save and continue editing").click()
    conflict = second.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("Grace Adeyemi saved this article")
    screenshot(second, "admin-edit-conflict")

    assert second.get_by_label("Summary").input_value() == (
        "Why a bad night makes pain worse, and what helps."
    )
    article.refresh_from_db()
    assert article.title == "Sleep and chronic pain"
    assert article.summary == "How poor sleep worsens pain."


def test_admin_index_shows_the_review_backlog(open_page, sign_in):
    page = open_page()
    sign_in(page, EditorUserFactory(password=None))

    page.goto(reverse("admin:index"))
    backlog = page.get_by_role("region", name="Medical review backlog")
    screenshot(page, "admin-review-backlog")

    expect(backlog).to_contain_text("overdue for review")
    expect(backlog.get_by_role("img")).to_be_visible()


def test_change_form_of_an_article_in_review_has_no_serious_or_critical_axe_violations(
    open_page, sign_in, axe_notes
):
    awaiting_review("Baclofen and driving")
    page = open_page()
    sign_in(page, ReviewerUserFactory(password=None))
    open_from_changelist(page, "Baclofen and driving")

    violations = axe_violations(page)

    axe_notes.extend(f"admin article in review, as reviewer: {describe(v)}" for v in violations)
    expect(page.get_by_role("button", name="Record medical review")).to_be_visible()
    assert [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS] == []
