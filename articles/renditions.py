"""Responsive renditions of uploaded images, made once by django-imagekit and reused.

Pages never show an original upload. Each part of a page that shows an image has a `Shape`: an
aspect ratio, a few widths and the `sizes` it is laid out at. Renditions are cropped around the
editor's focal point and written in AVIF (where Pillow can encode it), WebP and a JPEG fallback
(PNG for PNG originals, which may be transparent).

No rendition costs an SQL query: sizes are worked out from the width and height stored on the
row, and imagekit finds files it made before through the cache and the storage.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils.html import format_html
from imagekit import register
from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.backends import CacheFileState
from imagekit.specs import ImageSpec
from markupsafe import Markup, escape
from PIL import Image, features

from .cache import ProcessMemory

logger = logging.getLogger(__name__)

MODERN_FORMATS = (["AVIF"] if features.check("avif") else []) + ["WEBP"]
MIME_TYPE = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
SAVE_OPTIONS = {
    "AVIF": {"quality": 60, "speed": 8},  # speed 8: a quarter of the default time, same size
    "WEBP": {"quality": 80},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
CENTRE = (50, 50)
OPEN_GRAPH_SIZE = (1200, 630)


@dataclass(frozen=True)
class Shape:
    """How one part of a page shows an image: `ratio` (width, height), `widths` in pixels, and
    the `sizes` attribute telling the browser how wide it is laid out (see site.css)."""

    ratio: tuple[int, int]
    widths: tuple[int, ...]
    sizes: str


SHAPES = {
    # The featured card on the home page and the article page's hero.
    "hero": Shape((16, 9), (480, 800, 1200, 1600), "(min-width: 68rem) 63rem, 100vw"),
    # Beside each post in lists.
    "thumbnail": Shape((3, 2), (240, 480), "(min-width: 48rem) 12rem, 6rem"),
    # An author's photo.
    "portrait": Shape((1, 1), (160, 320), "8rem"),
}


class FocalCrop:
    """A pilkit processor: crop to `width`:`height` keeping the focal point (percentages from
    the left and top) as near the centre as the edges allow, then resize to exactly that size."""

    def __init__(self, width, height, focal=CENTRE):
        self.width, self.height = width, height
        self.focal = tuple(focal)

    def process(self, image):
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            has_alpha = "A" in image.mode or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        source_width, source_height = image.size
        scale = min(source_width / self.width, source_height / self.height)
        crop_width = min(round(self.width * scale), source_width)
        crop_height = min(round(self.height * scale), source_height)
        left = _clamp(
            source_width * self.focal[0] / 100 - crop_width / 2, source_width - crop_width
        )
        top = _clamp(
            source_height * self.focal[1] / 100 - crop_height / 2, source_height - crop_height
        )
        box = (left, top, left + crop_width, top + crop_height)
        return image.resize((self.width, self.height), Image.Resampling.LANCZOS, box=box)


def _clamp(value, highest):
    return min(max(round(value), 0), highest)


class Rendition(ImageSpec):
    """One rendition: `source` cropped by `FocalCrop` and written in `format`.

    imagekit names the file after a hash of the source's name, processors, format and options,
    so a new focal point or upload gets new files and an unchanged one reuses what exists.
    """

    def __init__(self, source, *, width, height, focal, format):
        self.processors = [FocalCrop(width, height, focal)]
        self.format = format
        self.options = SAVE_OPTIONS[format]
        super().__init__(source)


# imagekit applies its cache-file strategy (make the file when first needed) only to registered
# generators.
register.generator("articles:rendition", Rendition)


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """The renditions of one image laid out as one shape, for one `<picture>`."""

    sources: list[Source]
    srcset: str
    src: str
    width: int
    height: int
    sizes: str

    @cached_property
    def opening(self):
        """The element's markup up to the `<img>`'s alt text: the same wherever it is shown."""
        sources = "".join(
            f'<source type="{source.type}" srcset="{escape(source.srcset)}" '
            f'sizes="{escape(self.sizes)}">'
            for source in self.sources
        )
        return (
            f'<picture>{sources}<img src="{escape(self.src)}" srcset="{escape(self.srcset)}" '
            f'sizes="{escape(self.sizes)}" width="{self.width}" height="{self.height}"'
        )

    def element(self, alt="", eager=False):
        """The `<picture>` element. Images load lazily unless `eager`: the first large image
        on a page, which readers see at once. `alt=""` marks a decorative image."""
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        return Markup(f'{self.opening} alt="{escape(alt)}" {loading} decoding="async"></picture>')


def is_stored(image):
    """Only stored files get renditions, not an upload still in a form that failed validation."""
    return bool(image) and image._committed


def stored_size(image):
    """The original's (width, height), from the row: reading it from the file would open it."""
    instance, field = image.instance, image.field
    return getattr(instance, field.width_field), getattr(instance, field.height_field)


def picture(image, shape, focal=CENTRE):
    """The renditions of `image` laid out as `shape` (a key of SHAPES), or None when there is
    no image or it cannot be rendered (a missing or broken file)."""
    if not is_stored(image):
        return None
    return _remembered(("picture", image.name, shape, focal), lambda: _picture(image, shape, focal))


def picture_element(image, shape, alt="", focal=CENTRE, eager=False):
    """A responsive `<picture>` of `image` laid out as `shape` (see `Picture.element`), or
    nothing when there is no image or its file is missing or broken."""
    rendition = picture(image, shape, focal)
    return rendition.element(alt, eager) if rendition else ""


def _picture(image, shape, focal):
    shape = SHAPES[shape]
    try:
        sizes = _rendition_sizes(stored_size(image), shape.ratio, shape.widths)
        fallback = "PNG" if image.name.lower().endswith(".png") else "JPEG"
        sources = [
            Source(MIME_TYPE[format], _srcset(image, sizes, focal, format))
            for format in MODERN_FORMATS
        ]
        width, height = sizes[-1]
        return Picture(
            sources=sources,
            srcset=_srcset(image, sizes, focal, fallback),
            src=rendition_url(image, width, height, focal, fallback),
            width=width,
            height=height,
            sizes=shape.sizes,
        )
    except Exception:
        # An image must never take a page down: the page shows no image instead.
        logger.warning("No renditions for %s", image.name, exc_info=True)
        return None


def open_graph_image(image, focal=CENTRE):
    """The 1200 × 630 JPEG that link previews show, as {"url", "width", "height"}, or None."""
    if not is_stored(image):
        return None
    return _remembered(("open graph", image.name, focal), lambda: _open_graph_image(image, focal))


def _open_graph_image(image, focal):
    width, height = OPEN_GRAPH_SIZE
    try:
        url = rendition_url(image, width, height, focal, "JPEG")
    except Exception:
        logger.warning("No Open Graph image for %s", image.name, exc_info=True)
        return None
    return {"url": url, "width": width, "height": height}


# Each process keeps what it read for a minute: a list page shows a dozen pictures, and a round
# trip to Redis for each cost as much as the rest of the page. A minute bounds how long a process
# trusts a rendition file that was deleted behind its back.
_recent = ProcessMemory(seconds=60, size=5000)


def _remembered(key, compute):
    """`compute()`'s renditions, kept in the cache as long as imagekit vouches for their files.

    Working out a rendition's name costs imagekit a spec and a hash each, a dozen per picture;
    one cache read per picture replaces them. Names of uploads are unique, so a new image or
    focal point is a new key. A failure (None) is not kept, so it is tried again next time.
    """
    value = _recent.get(key)
    if value is None:
        cache_key = "renditions:" + hashlib.md5(repr(key).encode()).hexdigest()
        value = cache.get(cache_key)
        if value is None:
            value = compute()
            if value is not None:
                cache.set(cache_key, value, settings.IMAGEKIT_CACHE_TIMEOUT)
        if value is not None:
            _recent.set(key, value)
    return value


def preview_html(image, width):
    """A small uncropped WebP of `image` for the admin, or an empty string."""
    if not is_stored(image):
        return ""
    try:
        source_width, source_height = stored_size(image)
        width = min(width, source_width)
        height = max(1, round(width * source_height / source_width))
        url = rendition_url(image, width, height, CENTRE, "WEBP")
    except Exception:
        logger.warning("No preview for %s", image.name, exc_info=True)
        return "(image file missing or damaged)"
    return format_html('<img src="{}" width="{}" height="{}" alt="">', url, width, height)


def rendition_url(image, width, height, focal, format):
    """The URL of one rendition, made now if it was not made before."""
    file = ImageCacheFile(Rendition(image, width=width, height=height, focal=focal, format=format))
    try:
        return file.url
    except Exception:
        # imagekit marks a file "generating" before making it; clear the mark, or the next
        # request would link to a file that was never written.
        file.cachefile_backend.set_state(file, CacheFileState.DOES_NOT_EXIST)
        raise


def _rendition_sizes(source_size, ratio, widths):
    """(width, height) of each rendition: `widths` at `ratio`, never wider than the largest
    crop of that ratio the source holds (an enlarged image only costs bytes)."""
    source_width, source_height = source_size
    ratio_width, ratio_height = ratio
    widest = max(1, min(source_width, source_height * ratio_width // ratio_height))
    return [
        (width, max(1, round(width * ratio_height / ratio_width)))
        for width in sorted({min(width, widest) for width in widths})
    ]


def _srcset(image, sizes, focal, format):
    return ", ".join(
        f"{rendition_url(image, width, height, focal, format)} {width}w" for width, height in sizes
    )
