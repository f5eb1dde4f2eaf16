from django.contrib import admin
from django.db import models
from taggit.models import Tag

from .models import Article, Author, Page, Reference, Synonym, TagDescription


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    fields = [("order", "year"), "authors", "title", "publisher", "url", ("doi", "pmid")]
    verbose_name_plural = "References (cite the Nth as [N] in the body)"
    # Django 6's default: a URL typed without a scheme means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "is_featured", "tag_list"]
    list_filter = ["status", "is_featured", "author", "tags"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "summary", "body", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "is_featured"]}),
    ]
    inlines = [ReferenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


class TagDescriptionInline(admin.StackedInline):
    model = TagDescription
    can_delete = False
    verbose_name_plural = "Description"


# Replaces taggit's own Tag admin, whose inline lists taggit's generic tagged items, which this
# site does not use, with one that edits the tag's description.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TagDescriptionInline]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]
