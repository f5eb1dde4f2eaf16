"""WCAG basics every public page keeps in its HTML: the language, one main, one h1 inside it."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from .browser import PUBLIC_PAGES, public_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_declares_british_english(client, demo, name):
    response = client.get(public_url(name))

    assert '<html lang="en-GB">' in response.content.decode()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_one_h1_inside_its_one_main(client, demo, name):
    response = client.get(public_url(name))

    html = response.content.decode()
    mains = re.findall(r"<main\b.*?</main>", html, flags=re.DOTALL)
    assert len(mains) == 1
    assert html.count("<h1") == mains[0].count("<h1") == 1


@pytest.mark.parametrize(
    ("name", "level"), [("home", 3), ("article-list", 2), ("tag", 2), ("author", 3)]
)
def test_post_titles_sit_one_heading_level_below_their_section(client, demo, name, level):
    # Home and author pages list posts under an h2 ("Recent posts", "Articles by …").
    response = client.get(public_url(name))

    titles = re.findall(r'<h(\d) class="post-title">', response.content.decode())
    assert set(titles) == {str(level)}
