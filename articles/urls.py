from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Editable pages take any other single-segment path, so this stays last.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
