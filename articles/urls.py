from django.urls import path

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Editable pages take any other single-segment path, so this stays last.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
