from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Author, Page

pytestmark = pytest.mark.django_db


def test_demo_content_matches_the_seed(client):
    call_command("load_demo", stdout=None)

    featured = Article.objects.published().get(is_featured=True)
    assert featured.title == "Baclofen for Pudendal Neuralgia: Breakthrough Treatment Insights"
    assert featured.author.name == "Martyn F."
    assert (featured.published_at.month, featured.published_at.day) == (7, 5)
    assert Article.objects.published().count() == 5
    guide = Article.objects.get(title="Baclofen: A Practical Guide for Patients and Caregivers")
    assert (
        '<h2 id="dosage-side-effects-and-safety-tips">Dosage, side effects, and safety tips</h2>'
        in guide.body
    )
    tags = {t.name for t in Article.tags.all()}
    assert tags == {
        "baclofen",
        "pudendal neuralgia",
        "Propecia alternatives",
        "guaifenesin",
        "Pau D'Arco",
    }
    home = client.get(reverse("articles:home")).content.decode()
    assert "Recent posts" in home
    assert "Top 10 Propecia Alternatives for Hair Loss: Explore Your Options" in home
    assert client.get("/about/").status_code == 200
    assert client.get(reverse("articles:tag", kwargs={"slug": "pau-darco"})).status_code == 200


def test_demo_loader_is_idempotent_and_keeps_editor_changes():
    call_command("load_demo", stdout=None)
    guide = Article.objects.get(slug="baclofen-practical-guide-patients-caregivers")
    guide.title = "Edited by an editor"
    guide.save()
    counts = (Article.objects.count(), Author.objects.count(), Page.objects.count())

    call_command("load_demo", stdout=None)

    assert (Article.objects.count(), Author.objects.count(), Page.objects.count()) == counts
    guide.refresh_from_db()
    assert guide.title == "Edited by an editor"


def test_create_admin_makes_one_superuser_with_a_generated_password(capsys):
    from django.contrib.auth import get_user_model

    call_command("create_admin")
    first = capsys.readouterr().out
    call_command("create_admin")
    second = capsys.readouterr().out

    password = first.split("password: ")[1].split()[0]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert "already exists" in second
    assert password not in second


def test_demo_loader_can_make_the_image_renditions_up_front(settings):
    out = StringIO()

    call_command("load_demo", "--renditions", stdout=out)

    renditions = list((Path(settings.MEDIA_ROOT) / settings.IMAGEKIT_CACHEFILE_DIR).rglob("*.*"))
    assert len(renditions) >= 5 * 3  # five articles, each in several sizes and formats
    assert "5/5" in out.getvalue()
