from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache import memoize


class CachedCountPaginator(Paginator):
    """Counts a list once per content generation, not with a COUNT over the table per request.

    The count is keyed by the request's path (the list it paginates: home, a tag, an author…),
    and any content change starts a new generation, so it is never out of date.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    @cached_property
    def count(self):
        return memoize(
            self.request, f"count:{self.request.path}", lambda: Paginator.count.func(self)
        )
