"""URLs by name, and of static files, remembered.

`reverse()` costs about 15 µs, and a list page asks for two dozen URLs (each card's article and
author, the navigation), the same ones on every request. They change only with the code or the
script prefix, which is part of the key. A static file's URL (its hashed name, from the
manifest) cost 28 µs on every page; the storage reads its manifest once per process, so it
changes only with the settings, which tests change.

Reading the script prefix costs a few µs itself (an asgiref Local, per thread and task): within
`fixed_script_prefix()`, which a page's render runs in, it is read once rather than per link.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=20_000)
def _reverse(script_prefix, name, kwargs):
    return reverse(name, kwargs=dict(kwargs))


_fixed_prefix = ContextVar("fixed_script_prefix", default=None)


def url(name, **kwargs):
    """`reverse(name, kwargs=kwargs)`, remembered."""
    prefix = _fixed_prefix.get() or get_script_prefix()
    return _reverse(prefix, name, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=1000)
def _static(script_prefix, path):
    return django_static(path)


def static(path):
    """`django.templatetags.static.static(path)`, remembered."""
    return _static(_fixed_prefix.get() or get_script_prefix(), path)


@receiver(setting_changed)
def _forget_static_urls(*, setting, **kwargs):
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT"}:
        _static.cache_clear()


@contextmanager
def fixed_script_prefix():
    """Within it, `url()` uses the script prefix as it is now (it never changes during a
    request: Django sets it before the middleware runs)."""
    token = _fixed_prefix.set(get_script_prefix())
    try:
        yield
    finally:
        _fixed_prefix.reset(token)
