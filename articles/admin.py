from django.contrib import admin

from . import renditions
from .models import Article, Author, Page

PREVIEW_WIDTH = 400
THUMBNAIL_WIDTH = 96


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "thumbnail", "credentials", "user"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "credentials", "bio", "photo", "photo_preview", "user"]
    readonly_fields = ["photo_preview"]

    @admin.display(description="Photo")
    def thumbnail(self, obj):
        return renditions.preview_html(obj.photo, THUMBNAIL_WIDTH)

    @admin.display(description="Current photo")
    def photo_preview(self, obj):
        return renditions.preview_html(obj.photo, PREVIEW_WIDTH) or "–"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "thumbnail",
        "author",
        "status",
        "published_at",
        "is_featured",
        "tag_list",
    ]
    list_filter = ["status", "is_featured", "author", "tags"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    readonly_fields = ["hero_preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "summary", "body", "tags"]}),
        (
            "Hero image",
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    "hero_alt",
                    "hero_is_decorative",
                    ("hero_focal_x", "hero_focal_y"),
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "is_featured"]}),
    ]

    class Media:
        js = ["admin-extra/focal-point.js"]
        css = {"all": ["admin-extra/focal-point.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return renditions.preview_html(obj.hero_image, THUMBNAIL_WIDTH)

    @admin.display(description="Current image")
    def hero_preview(self, obj):
        return renditions.preview_html(obj.hero_image, PREVIEW_WIDTH) or "–"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
