"""Production security: `check --deploy` is clean, and a strict CSP with nothing inline to allow."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from .factories import ArticleFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent

STRICT_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def production_env(**overrides):
    """The environment of a production server: no debug, a real key, a real host name."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "SITE_NAME"
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="health.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://health.example.org",
    )
    env.update(overrides)
    return env


def run_check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def public_urls():
    author = AuthorFactory(slug="martyn-f")
    article = ArticleFactory(author=author, tags=["baclofen"])
    page = PageFactory(slug="about")
    return {
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "article": article.get_absolute_url(),
        "tags": reverse("articles:tags"),
        "tag": reverse("articles:tag", kwargs={"slug": "baclofen"}),
        "author": author.get_absolute_url(),
        "page": page.get_absolute_url(),
    }


PUBLIC_PAGES = ["home", "list", "article", "tags", "tag", "author", "page"]


def directives(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_check_deploy_is_clean_in_the_production_profile():
    result = run_check_deploy(production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_protections_are_turned_off():
    # The counterpart: proves the check above really inspects the production settings.
    result = run_check_deploy(production_env(DJANGO_HSTS_SECONDS="0"))

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_the_strict_policy(client, public_urls, name):
    response = client.get(public_urls[name])

    assert response.status_code == 200
    assert directives(response) == STRICT_POLICY


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_inline_script_or_style(client, public_urls, name):
    html = client.get(public_urls[name]).content.decode()

    # JSON-LD is a data block (type application/ld+json) that browsers never run.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)  # onclick=… handlers are inline script too


def test_admin_allows_inline_styles_only_there(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "style-src 'self' 'unsafe-inline'" in directives(response)
    assert "script-src 'self'" in directives(response)
    assert "frame-ancestors 'none'" in directives(response)


def test_admin_allows_exactly_the_editors_import_map_by_its_hash(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    [import_map] = re.findall(rb'<script type="importmap">(.*?)</script>', response.content)
    digest = base64.b64encode(hashlib.sha256(import_map).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}'" in directives(response)


def test_relaxed_admin_policy_does_not_reach_public_pages(admin_client, public_urls):
    response = admin_client.get(public_urls["article"])

    assert "style-src 'self'" in directives(response)
