"""Image uploads: one check for every image field, and originals stored without metadata.

`CheckedImageField` is the model field for every uploaded image. Its form field refuses, with a
message that says what to do, anything that is not a complete JPEG, PNG, WebP or GIF within the
size and pixel limits; on save the original is re-encoded upright and without EXIF (camera,
GPS location), XMP or comments.
"""

import io
import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats accepted, by what Pillow decodes (never by file name or content type), and how each is
# stored. Animated GIFs are flattened to their first frame, kept losslessly as PNG: pages show
# still renditions anyway, and motion a reader cannot pause is an accessibility problem.
STORED_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
ACCEPTED_FORMATS = tuple(STORED_FORMAT)
EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
}
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def check_image(file):
    """Refuse anything but a complete JPEG, PNG, WebP or GIF within the size and pixel limits.

    The pixel size is read from the header before any pixel is decoded, so a decompression bomb
    (a few kilobytes that expand to gigabytes) is refused without being expanded.
    """
    if file.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; the limit is %(limit)s. Save the image smaller (about 2,400 "
            "pixels wide is plenty) or with more compression, and upload it again.",
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
            },
        )
    try:
        file.seek(0)
        with Image.open(file, formats=ACCEPTED_FORMATS) as image:
            _check_pixels(image.size)
            image.verify()  # the file's structure, without decoding pixels
        file.seek(0)
        with Image.open(file, formats=ACCEPTED_FORMATS) as image:
            image.load()  # every pixel: catches the truncated files verify() lets through
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not a JPEG, PNG, WebP or GIF image (SVG and other files are not "
            "accepted, whatever their name). Upload a JPEG, PNG, WebP or GIF.",
            code="invalid_image",
        ) from None
    except Exception:
        # Pillow's decoders fail in many ways (OSError, SyntaxError, struct.error…) on damaged
        # files; for the editor they all mean the same thing.
        raise ValidationError(
            "This image is damaged or incomplete. Export it again from your photo editor and "
            "upload a JPEG, PNG, WebP or GIF.",
            code="damaged_image",
        ) from None
    finally:
        file.seek(0)


def _check_pixels(size):
    width, height = size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels():
    return ValidationError(
        "This image has more than %(limit)s megapixels. Resize it (about 2,400 pixels wide is "
        "plenty) and upload it again.",
        code="too_many_pixels",
        params={"limit": f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}"},
    )


def without_metadata(file):
    """The image re-encoded upright, as a new file without EXIF, XMP or comments.

    The ICC colour profile is kept (it says how to show the colours and nothing about the
    photographer), and so is PNG/GIF transparency.
    """
    file.seek(0)
    with Image.open(file, formats=ACCEPTED_FORMATS) as image:
        stored_format = STORED_FORMAT[image.format]
        icc_profile = image.info.get("icc_profile")
        image.seek(0)  # the first frame of an animation
        upright = ImageOps.exif_transpose(image)
    # Keep only what says how to draw the pixels; every other entry is metadata Pillow would
    # write back (JPEG comments, for one).
    upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
    options = dict(SAVE_OPTIONS[stored_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if stored_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    buffer = io.BytesIO()
    upright.save(buffer, stored_format, **options)
    return ContentFile(buffer.getvalue(), name=f"image{EXTENSION[stored_format]}")


@deconstructible
class UploadPath:
    """A random name under `folder`: names never collide, so a new upload never reuses an old
    rendition, and the uploader's own file name (which can say more than the image) is not
    published."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class CheckedImageFormField(forms.ImageField):
    """An image upload refused, with its reason, unless `check_image` accepts it."""

    def to_python(self, data):
        # forms.ImageField's own check would refuse the same files with one vague message.
        file = forms.FileField.to_python(self, data)
        if file is not None:
            check_image(file)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ACCEPTED_TYPES
        return attrs


class CheckedImageField(models.ImageField):
    """An ImageField whose uploads are checked and whose stored originals carry no metadata.

    Declare its `width_field` and `height_field` after it on the model: the re-encoded file
    (turned upright) can swap them, and Django reads them when it writes the row.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Run for every instance loaded (Django connects it to post_init). A row read from the
        # database holds the file's name and, once saved, its dimensions: nothing to update,
        # and seen here without turning the name into a file object first, as Django's check
        # does. Anything else (no file, missing dimensions, a file being assigned) goes on.
        if not force:
            value = instance.__dict__.get(self.attname)
            if not value or (
                isinstance(value, str)
                and instance.__dict__.get(self.width_field)
                and instance.__dict__.get(self.height_field)
            ):
                return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            # Saves from code (the demo loader, the shell) get the same check as the admin form.
            check_image(file)
            setattr(model_instance, self.attname, without_metadata(file))
        return super().pre_save(model_instance, add)
