"""URLs by name, remembered.

`reverse()` costs about 15 µs, and a list page asks for two dozen URLs (each card's article and
author, the navigation), the same ones on every request. They change only with the code or the
script prefix, which is part of the key.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=20_000)
def _reverse(script_prefix, name, kwargs):
    return reverse(name, kwargs=dict(kwargs))


def url(name, **kwargs):
    """`reverse(name, kwargs=kwargs)`, remembered."""
    return _reverse(get_script_prefix(), name, tuple(sorted(kwargs.items())))
