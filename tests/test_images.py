"""Image uploads are checked and cleaned; pages show responsive renditions, never the original."""

import io
import struct
import zlib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from unittest.mock import Mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_init
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile
from taggit.models import Tag

from articles import renditions
from articles.models import Article, Author, SearchDocument

from .factories import NO_INLINES, ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

RED, BLUE = (255, 0, 0), (0, 0, 255)


def image_bytes(format="JPEG", size=(64, 48), **save_options):
    """A small image with detail in it (noise compresses badly, so truncation bites)."""
    image = Image.effect_noise(size, 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format, **save_options)
    return buffer.getvalue()


def exif_with_gps_and_orientation(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone Maker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


@cache
def png_bomb():
    """A 20,000 × 20,000 PNG: a few dozen kilobytes that decode to 400 megapixels."""
    width = height = 20_000

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = bytes(1 + width // 8)  # filter byte + one bit per pixel, all black
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_article(client, hero_image, **fields):
    """Post the admin's add form for an article with `hero_image`."""
    author = AuthorFactory()
    data = {
        "title": "Baclofen and sleep",
        "slug": "baclofen-and-sleep",
        "author": author.pk,
        "summary": "What to expect.",
        "body": "<p>Text.</p>",
        "tags": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "hero_image": hero_image,
        "hero_alt": "A pharmacist talking to a patient",
        **NO_INLINES,
        **fields,
    }
    return client.post(reverse("admin:articles_article_add"), data)


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def form_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


class ImgCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.sources, self.metas = [], [], []

    def handle_starttag(self, tag, attrs):
        {"img": self.imgs, "source": self.sources, "meta": self.metas}.get(tag, []).append(
            dict(attrs)
        )


def parse(response):
    collector = ImgCollector()
    collector.feed(response.content.decode())
    return collector


def open_rendition(url):
    name = url.removeprefix("/media/")
    with default_storage.open(name) as file:
        image = Image.open(file)
        image.load()
    return image


# Refused uploads: a clear message, no article, no file.


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.jpg"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "a.png"),
        (b"#!/bin/sh\necho pwned\n", "a.gif"),
        (image_bytes("BMP"), "a.jpg"),
    ],
    ids=["svg", "html", "script", "bmp"],
)
def test_upload_that_is_not_a_jpeg_png_webp_or_gif_is_refused(
    admin_client, settings, content, name
):
    response = add_article(admin_client, upload(content, name))

    assert response.status_code == 200
    assert any("Upload a JPEG, PNG, WebP or GIF" in e for e in form_errors(response, "hero_image"))
    assert Article.objects.count() == 0
    assert stored_files(settings) == []


def test_truncated_jpeg_is_refused_as_damaged(admin_client, settings):
    whole = image_bytes("JPEG", size=(200, 150))

    response = add_article(admin_client, upload(whole[: len(whole) // 2]))

    assert any("damaged or incomplete" in e for e in form_errors(response, "hero_image"))
    assert Article.objects.count() == 0
    assert stored_files(settings) == []


def test_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000

    response = add_article(admin_client, upload(image_bytes("JPEG", size=(200, 150))))

    assert any("the limit is 1000" in e for e in form_errors(response, "hero_image"))
    assert Article.objects.count() == 0
    assert stored_files(settings) == []


def test_png_decompression_bomb_is_refused_from_its_header_without_decoding(
    admin_client, settings, monkeypatch
):
    def no_decoding(self):
        raise AssertionError("the bomb's pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = png_bomb()
    assert len(bomb) < 100_000

    response = add_article(admin_client, upload(bomb, "bomb.png", "image/png"))

    assert any("more than 40 megapixels" in e for e in form_errors(response, "hero_image"))
    assert Article.objects.count() == 0
    assert stored_files(settings) == []


def test_image_over_the_pixel_limit_is_refused(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 1000

    response = add_article(admin_client, upload(image_bytes("PNG"), "a.png", "image/png"))

    assert any("more than 0.001 megapixels" in e for e in form_errors(response, "hero_image"))
    assert Article.objects.count() == 0


def test_author_photo_gets_the_same_check(admin_client, settings):
    response = admin_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Martyn F.", "slug": "martyn-f", "photo": upload(b"<svg/>", "me.jpg")},
    )

    assert any("Upload a JPEG, PNG, WebP or GIF" in e for e in form_errors(response, "photo"))
    assert Author.objects.count() == 0
    assert stored_files(settings) == []


def test_saving_from_code_gets_the_same_check():
    article = ArticleFactory.build(author=AuthorFactory())
    article.hero_image = ContentFile(b"<svg/>", name="a.jpg")

    with pytest.raises(ValidationError, match="not a JPEG, PNG, WebP or GIF"), transaction.atomic():
        article.save()

    assert Article.objects.count() == 0


# Accepted uploads: stored upright, without metadata, under a random name.


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_stored_original_has_no_exif_or_gps(admin_client, format):
    content = image_bytes(format, exif=exif_with_gps_and_orientation())
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    response = add_article(admin_client, upload(content, f"IMG_0042.{format.lower()}"))

    assert response.status_code == 302
    article = Article.objects.get()
    with article.hero_image.open() as file, Image.open(file) as stored:
        assert stored.format == format
        assert dict(stored.getexif()) == {}
        assert "xmp" not in stored.info


def test_stored_original_is_turned_upright_by_its_exif_orientation(admin_client):
    # 60 × 40, red on the left; orientation 6 means "turn 90° clockwise to display".
    sideways = Image.new("RGB", (60, 40), BLUE)
    sideways.paste(RED, (0, 0, 30, 40))
    buffer = io.BytesIO()
    sideways.save(buffer, "JPEG", quality=95, exif=exif_with_gps_and_orientation(6))

    add_article(admin_client, upload(buffer.getvalue()))

    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (40, 60)
    with article.hero_image.open() as file, Image.open(file) as stored:
        assert stored.size == (40, 60)
        top, bottom = stored.getpixel((20, 5)), stored.getpixel((20, 55))
    assert top[0] > 200 and top[2] < 60  # red now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_animated_gif_is_flattened_to_its_first_frame_as_png(admin_client):
    frames = [Image.new("RGB", (40, 30), colour) for colour in (RED, BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    response = add_article(admin_client, upload(buffer.getvalue(), "a.gif", "image/gif"))

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.hero_image.name.endswith(".png")
    with article.hero_image.open() as file, Image.open(file) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((5, 5)) == RED


def test_stored_name_is_random_not_the_uploaders_file_name(admin_client):
    add_article(admin_client, upload(image_bytes(), "john-smith-clinic-visit.jpg"))

    name = Article.objects.get().hero_image.name
    assert name.startswith("articles/")
    assert "john" not in name


def test_an_article_read_from_the_database_keeps_its_stored_dimensions_without_opening_a_file():
    ArticleFactory(with_image=True)

    article = Article.objects.get()

    assert (article.hero_width, article.hero_height) == (320, 180)
    # The file's name as read: Django's own check on loading makes a file object of it.
    assert isinstance(article.__dict__["hero_image"], str)


def test_an_article_saved_without_its_dimensions_gets_them_when_read():
    ArticleFactory(with_image=True)
    Article.objects.update(hero_width=None, hero_height=None)  # a row written around the model

    article = Article.objects.get()

    assert (article.hero_width, article.hero_height) == (320, 180)


def test_a_model_without_images_runs_nothing_when_read():
    # imagekit's watch for ImageSpecField sources, which no model here declares.
    assert not post_init.has_listeners(SearchDocument)
    assert not post_init.has_listeners(Tag)


# Alt text.


def test_hero_image_needs_alt_text_unless_decorative(admin_client, settings):
    response = add_article(admin_client, upload(image_bytes()), hero_alt="")

    assert any("Describe the image" in e for e in form_errors(response, "hero_alt"))
    assert Article.objects.count() == 0
    assert stored_files(settings) == []


def test_decorative_hero_image_is_saved_without_alt_text(admin_client):
    response = add_article(
        admin_client, upload(image_bytes()), hero_alt="", hero_is_decorative="on"
    )

    assert response.status_code == 302
    assert Article.objects.get().hero_is_decorative


def test_decorative_hero_image_renders_with_empty_alt(client):
    article = ArticleFactory(with_image=True, hero_alt="", hero_is_decorative=True)

    imgs = parse(client.get(article.get_absolute_url())).imgs

    assert [img["alt"] for img in imgs] == [""]


# Renditions.


def test_hero_renditions_come_in_each_format_at_each_width(client):
    article = ArticleFactory(hero_image=ContentFile(image_bytes(size=(1600, 1200)), name="a.jpg"))

    picture = renditions.picture(article.hero_image, "hero")

    expected_types = (["image/avif"] if "AVIF" in renditions.MODERN_FORMATS else []) + [
        "image/webp"
    ]
    assert [source.type for source in picture.sources] == expected_types
    for source, format in zip(picture.sources, renditions.MODERN_FORMATS, strict=True):
        urls = [entry.split()[0] for entry in source.srcset.split(", ")]
        sizes = [open_rendition(url).size for url in urls]
        assert sizes == [(480, 270), (800, 450), (1200, 675), (1600, 900)]
        assert {open_rendition(url).format for url in urls} == {format}
    assert open_rendition(picture.src).format == "JPEG"
    assert (picture.width, picture.height) == (1600, 900)


def test_png_original_gets_a_png_fallback():
    article = ArticleFactory(hero_image=ContentFile(image_bytes("PNG"), name="a.png"))

    picture = renditions.picture(article.hero_image, "thumbnail")

    assert open_rendition(picture.src).format == "PNG"


def test_small_original_is_not_enlarged():
    article = ArticleFactory(hero_image=ContentFile(image_bytes(size=(600, 400)), name="a.jpg"))

    picture = renditions.picture(article.hero_image, "hero")

    assert picture.srcset.endswith(" 600w")
    assert " 480w" in picture.srcset and " 800w" not in picture.srcset
    assert open_rendition(picture.src).size == (600, 338)


def test_renditions_are_made_once_and_reused():
    article = ArticleFactory(with_image=True)
    first = renditions.picture(article.hero_image, "hero")
    path = Path(default_storage.path(first.src.removeprefix("/media/")))
    made_at = path.stat().st_mtime_ns

    again = renditions.picture(Article.objects.get().hero_image, "hero")

    assert again == first
    assert path.stat().st_mtime_ns == made_at


def test_focal_crop_keeps_the_focal_point_in_view():
    halves = Image.new("RGB", (400, 100), RED)
    halves.paste(BLUE, (200, 0, 400, 100))

    left = renditions.FocalCrop(50, 50, focal=(10, 50)).process(halves)
    right = renditions.FocalCrop(50, 50, focal=(90, 50)).process(halves)

    assert left.getcolors() == [(50 * 50, RED)]
    assert right.getcolors() == [(50 * 50, BLUE)]


def test_new_focal_point_makes_new_renditions():
    article = ArticleFactory(with_image=True)
    centred = renditions.picture(article.hero_image, "thumbnail", (50, 50))

    moved = renditions.picture(article.hero_image, "thumbnail", (10, 50))

    assert moved.src != centred.src


def test_cards_crop_around_the_articles_focal_point(client):
    halves = Image.new("RGB", (400, 100), RED)
    halves.paste(BLUE, (200, 0, 400, 100))
    buffer = io.BytesIO()
    halves.save(buffer, "PNG")
    article = ArticleFactory(hero_image=ContentFile(buffer.getvalue(), name="a.png"))
    article.hero_focal_x = 90
    article.save()

    [img] = parse(client.get(reverse("articles:list"))).imgs

    assert open_rendition(img["src"]).convert("RGB").getcolors() == [(150 * 100, BLUE)]


def test_focal_point_beyond_the_edge_is_refused(admin_client):
    response = add_article(admin_client, upload(image_bytes()), hero_focal_x="150")

    assert form_errors(response, "hero_focal_x")
    assert Article.objects.count() == 0


def test_open_graph_image_is_a_1200_by_630_jpeg(client):
    article = ArticleFactory(
        hero_image=ContentFile(image_bytes(size=(800, 600)), name="a.jpg"),
        hero_alt="A teal card",
    )

    metas = parse(client.get(article.get_absolute_url())).metas

    content = {meta.get("property") or meta.get("name"): meta.get("content") for meta in metas}
    assert content["og:image"].startswith("http://testserver/media/renditions/")
    assert content["twitter:image"] == content["og:image"]
    assert (content["og:image:width"], content["og:image:height"]) == ("1200", "630")
    assert content["og:image:alt"] == "A teal card"
    og = open_rendition(content["og:image"].removeprefix("http://testserver"))
    assert (og.format, og.size) == ("JPEG", (1200, 630))


def test_article_without_image_has_no_picture_or_open_graph_image(client):
    article = ArticleFactory()

    page = parse(client.get(article.get_absolute_url()))

    assert page.imgs == []
    assert not [meta for meta in page.metas if meta.get("property") == "og:image"]


# Markup.


def render_picture_tag(article):
    template = engines["jinja2"].from_string(
        "{{ picture_element(article.hero_image, 'thumbnail', alt='A') }}"
    )
    return template.render({"article": article})


def test_picture_tag_renders_a_picture_for_an_image():
    html = render_picture_tag(ArticleFactory(with_image=True))

    assert html.strip().startswith("<picture>")
    assert 'alt="A"' in html


def test_picture_tag_renders_nothing_without_an_image():
    assert render_picture_tag(ArticleFactory()).strip() == ""


def test_picture_tag_escapes_its_alt_text():
    article = ArticleFactory(with_image=True)

    html = renditions.picture_element(article.hero_image, "thumbnail", alt='"><script>x</script>')

    assert "<script>" not in html
    assert 'alt="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_article_hero_markup_has_sizes_alt_and_loads_eagerly(client):
    article = ArticleFactory(with_image=True, hero_alt="A teal rectangle")

    page = parse(client.get(article.get_absolute_url()))

    [img] = page.imgs
    assert img["alt"] == "A teal rectangle"
    assert (img["width"], img["height"]) == ("320", "180")
    assert img["srcset"] and img["sizes"] and img["src"].startswith("/media/renditions/")
    assert "loading" not in img
    assert img["fetchpriority"] == "high"
    assert img["decoding"] == "async"
    assert {source["type"] for source in page.sources} >= {"image/webp"}
    assert all(source["srcset"] and source["sizes"] for source in page.sources)


def test_home_loads_the_featured_image_eagerly_and_recent_posts_lazily(client):
    ArticleFactory(with_image=True, is_featured=True)
    ArticleFactory(with_image=True)

    imgs = parse(client.get(reverse("articles:home"))).imgs

    assert [img.get("loading") for img in imgs] == [None, "lazy"]
    assert all(img["width"] and img["height"] and img["alt"] for img in imgs)


def test_list_thumbnails_load_lazily(client):
    ArticleFactory.create_batch(2, with_image=True)

    imgs = parse(client.get(reverse("articles:list"))).imgs

    assert [img["loading"] for img in imgs] == ["lazy", "lazy"]
    assert [(img["width"], img["height"]) for img in imgs] == [("270", "180")] * 2


def test_author_page_shows_the_photo_with_the_authors_name_as_alt(client):
    author = AuthorFactory(with_photo=True, name="Martyn F.")

    [img] = parse(client.get(author.get_absolute_url())).imgs

    assert img["alt"] == "Martyn F."
    assert (img["width"], img["height"]) == ("160", "160")


def test_pages_never_link_to_the_original_upload(client):
    article = ArticleFactory(with_image=True, is_featured=True)

    html = "".join(
        client.get(url).content.decode()
        for url in [reverse("articles:home"), reverse("articles:list"), article.get_absolute_url()]
    )

    assert article.hero_image.url not in html


# A missing or broken file: the page shows no image, and still works.


@pytest.mark.parametrize("damage", ["delete", "corrupt"])
def test_missing_or_broken_source_file_leaves_the_page_working_without_image(client, damage):
    article = ArticleFactory(with_image=True, is_featured=True)
    path = Path(article.hero_image.path)
    if damage == "delete":
        path.unlink()
    else:
        path.write_bytes(b"not an image any more")

    responses = [client.get(url) for url in [article.get_absolute_url()] * 2]
    home = client.get(reverse("articles:home"))

    assert [response.status_code for response in responses] == [200, 200]
    assert home.status_code == 200
    assert parse(responses[1]).imgs == [] and parse(home).imgs == []
    assert article.title in responses[1].content.decode()


# Admin.


def test_article_change_form_previews_the_current_image(admin_client):
    article = ArticleFactory(with_image=True)

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert b'<img src="/media/renditions/' in response.content


def test_article_change_form_lets_editors_click_the_focal_point(admin_client):
    article = ArticleFactory(with_image=True)

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert b"admin-extra/focal-point.js" in response.content
    assert b'id="id_hero_focal_x"' in response.content


def test_article_changelist_thumbnails_cost_no_query_per_row(admin_client):
    ArticleFactory(with_image=True)
    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    ArticleFactory.create_batch(4, with_image=True)

    with CaptureQueriesContext(connection) as five:
        response = admin_client.get(url)

    assert response.content.count(b'<img src="/media/renditions/') == 5
    assert len(five) == len(one)


# Demo content.


def test_demo_articles_get_generated_illustrations_with_honest_alt_text(client):
    call_command("load_demo", stdout=io.StringIO())

    articles = list(Article.objects.all())
    assert all(article.hero_image for article in articles)
    assert {article.hero_alt for article in articles} == {
        "Illustration: the article title in white type on a teal card"
    }
    assert (articles[0].hero_width, articles[0].hero_height) == (1600, 900)
    assert len(parse(client.get(reverse("articles:home"))).imgs) == 5


def test_demo_loader_never_replaces_an_editors_image():
    call_command("load_demo", stdout=io.StringIO())
    guide = Article.objects.get(slug="baclofen-practical-guide-patients-caregivers")
    guide.hero_image = ContentFile(image_bytes(), name="editor.jpg")
    guide.hero_alt = "A pharmacist"
    guide.save()
    name = guide.hero_image.name

    call_command("load_demo", stdout=io.StringIO())

    guide.refresh_from_db()
    assert (guide.hero_image.name, guide.hero_alt) == (name, "A pharmacist")


def test_a_pictures_renditions_are_worked_out_once_and_then_remembered(monkeypatch):
    article = ArticleFactory(with_image=True)
    first = renditions.picture(article.hero_image, "hero")
    calls = []
    monkeypatch.setattr(renditions, "rendition_url", lambda *args: calls.append(args))

    again = renditions.picture(article.hero_image, "hero")

    assert again == first
    assert calls == []


def test_a_process_asks_the_shared_cache_for_a_picture_once(monkeypatch):
    article = ArticleFactory(with_image=True)
    first = renditions.picture(article.hero_image, "thumbnail")
    shared_cache = Mock()
    monkeypatch.setattr(renditions, "cache", shared_cache)

    again = [renditions.picture(article.hero_image, "thumbnail") for _ in range(3)]

    assert again == [first] * 3
    assert shared_cache.get.call_count == 0


def test_a_picture_that_failed_is_tried_again(monkeypatch):
    article = ArticleFactory(with_image=True)
    monkeypatch.setattr(renditions, "rendition_url", Mock(side_effect=OSError("disk full")))
    assert renditions.picture(article.hero_image, "hero") is None
    monkeypatch.undo()

    assert renditions.picture(article.hero_image, "hero") is not None
