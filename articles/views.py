from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from . import article_page, listings, structured_data
from .cache import memoize
from .models import Article, Page, tags_with_published_counts
from .pagination import CachedCountPaginator
from .search import Search, SearchPaginator


class ArticleListView(ListView):
    """Published articles, newest first; `?page=` beyond the pages is a 404 (ListView's rule).

    The list is `listings.articles(**self.list_values())`, built only if needed: counted once per
    content generation, its pages read by prepared queries (`listings.page_rows`).
    """

    template_name = "articles/article_list.html"
    paginate_by = 10
    # Named here, so that ListView does not look into the list to name it (which builds it).
    context_object_name = "article_list"

    def get_template_names(self):
        # Only the template named: ListView would add one named after the list's model, and
        # looking into the list to find its model builds it.
        return [self.template_name]

    def list_values(self):
        return {}

    def get_queryset(self):
        return listings.LazyArticles(**self.list_values())

    def get_paginator(self, queryset, per_page, **kwargs):
        return CachedCountPaginator(
            queryset, per_page, request=self.request, rows=self.page_rows, **kwargs
        )

    def page_rows(self, bottom, top):
        return listings.page_rows(bottom, top, **self.list_values())


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        self.featured = listings.featured()
        return super().get_queryset()

    def list_values(self):
        return {"exclude": self.featured.pk} if self.featured else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["featured"] = self.featured if context["page_obj"].number == 1 else None
        return context


class TagDetailView(ArticleListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = listings.tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404("No tag is at this address.")
        return super().get_queryset()

    def list_values(self):
        return {"tag": self.tag.pk}

    def get_context_data(self, **kwargs):
        breadcrumbs = structured_data.tag_breadcrumbs(self.tag)
        context = super().get_context_data(
            tag=self.tag,
            breadcrumbs=breadcrumbs,
            structured_data=structured_data.breadcrumbs_structured_data(breadcrumbs, self.request),
            **kwargs,
        )
        # A tag only drafts carry has no public page. Checked on the page already fetched,
        # rather than with ListView's allow_empty, which costs an extra query.
        if not context["page_obj"].object_list:
            raise Http404("No published article has this tag.")
        return context


class AuthorDetailView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = listings.author(self.kwargs["slug"])
        if self.author is None:
            raise Http404("No author is at this address.")
        return super().get_queryset()

    def list_values(self):
        return {"author": self.author.pk}

    def get_context_data(self, **kwargs):
        breadcrumbs = structured_data.author_breadcrumbs(self.author)
        return super().get_context_data(
            author=self.author,
            breadcrumbs=breadcrumbs,
            structured_data=structured_data.breadcrumbs_structured_data(breadcrumbs, self.request),
            **kwargs,
        )


class ArticleDetailView(DetailView):
    model = Article

    def get_object(self, queryset=None):
        article = article_page.published_article(self.kwargs["slug"])
        if article is None:
            raise Http404("No published article is at this address.")
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(**article_page.context(self.request, self.object), **kwargs)


@never_cache
def article_preview(request, pk):
    """An unpublished article exactly as readers will see it, for those who may open it."""
    article = get_object_or_404(Article.objects.open_to(request.user).for_detail(), pk=pk)
    context = {
        "article": article,
        "object": article,
        "is_preview": True,
        **article_page.context(request, article),
    }
    return render(request, "articles/article_detail.html", context)


def tag_list(request):
    # Counting every tag's articles reads the whole archive: once per content generation.
    tags = memoize(request, "tags", lambda: list(tags_with_published_counts()))
    return render(request, "articles/tag_list.html", {"tags": tags})


class PageDetailView(DetailView):
    def get_queryset(self):
        return Page.objects.published()


def robots_txt(request):
    """Crawlers may read everything public; the sitemap lists it."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


class SearchView(ListView):
    """Published articles matching `?q=`, best first; no query shows just the form."""

    template_name = "articles/search.html"
    paginate_by = 10
    paginator_class = SearchPaginator

    def get_queryset(self):
        self.search = Search(self.request.GET.get("q", ""))
        return self.search.results()  # counted by the query that ranks the page, not cached

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.search.query,
            page_query=urlencode({"q": self.search.query}),
            **kwargs,
        )
        if self.search.alternatives and not context["paginator"].count:
            context["suggestion"] = self.search.suggestion()
        return context
