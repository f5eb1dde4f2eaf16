import difflib
import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from django_prose_editor.fields import ProseEditorFormField
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from . import renditions, workflow
from .forms import ArticleAdminForm, WorkflowForm, format_local
from .models import Article, Author, Page, Reference, Synonym, TagDescription

# What the body editor offers; `articles/markup.py` cleans the result again on save.
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "HardBreak": True,
}
DIFF_FIELDS = ["title", "summary", "body", "tags"]
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|ul|ol|blockquote|pre|figure|table)>")

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


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    fields = [("order", "year"), "authors", "title", "publisher", "url", ("doi", "pmid")]
    verbose_name_plural = "References (cite the Nth as [N] in the body)"
    # Django 6's default: a URL typed without a scheme means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue for review"),
            ("due_soon", "Due within 30 days"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return queryset.overdue_for_review()
            case "due_soon":
                return queryset.review_due_within(30)
            case "never":
                return queryset.filter(last_review__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "thumbnail",
        "author",
        "status",
        "published_at",
        "is_featured",
        "review_due_at",
        "tag_list",
    ]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True
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
        ("Medical review", {"fields": ["review_summary", "review_interval_days"]}),
        ("Status log", {"fields": ["status_log"]}),
    ]
    inlines = [ReferenceInline]

    class Media:
        js = ["admin-extra/focal-point.js"]
        css = {"all": ["admin-extra/focal-point.css"]}

    # Who may see and change what. Every check is here, on the server, whatever the form shows.

    def get_queryset(self, request):
        articles = super().get_queryset(request).open_to(request.user)
        return articles.select_related("author", "last_review__reviewer").prefetch_related("tags")

    def _is_editor(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            self._is_editor(request) or hasattr(request.user, "author_profile")
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self._is_editor(request):
            return True
        return workflow.is_own(obj, request.user) and obj.status == Article.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or self._is_editor(request):
            return True
        return workflow.is_own(obj, request.user) and obj.status == Article.Status.DRAFT

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._is_editor(request):
            actions.pop("delete_selected", None)
        return actions

    def get_list_filter(self, request):
        if self._is_editor(request):
            return ["status", ReviewDueFilter, "is_featured", "author", "tags"]
        return ["status", ReviewDueFilter]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "published_at", "review_summary", "status_log", "hero_preview"]
        if not self._is_editor(request):
            readonly += ["author", "is_featured", "review_interval_days"]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self.has_change_permission(request, obj) else {}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            main_options = {
                **fieldsets[0][1],
                "fields": [*fieldsets[0][1]["fields"], "loaded_version"],
            }
            fieldsets = [(fieldsets[0][0], main_options), *fieldsets[1:]]
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            return ProseEditorFormField(
                extensions=BODY_EDITOR_EXTENSIONS,
                sanitize=True,
                required=False,
                label="Body",
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self._is_editor(request):
            obj.author = request.user.author_profile
        # Restoring a revision brings back the text, never an old status or review.
        for field, value in getattr(request, "_workflow_state", {}).items():
            setattr(obj, field, value)
        super().save_model(request, obj, form, change)

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return renditions.preview_html(obj.hero_image, THUMBNAIL_WIDTH)

    @admin.display(description="Current image")
    def hero_preview(self, obj):
        return renditions.preview_html(obj.hero_image, PREVIEW_WIDTH) or "–"

    @admin.display(description="Last review")
    def review_summary(self, obj):
        review = obj.last_review
        if review is None:
            return "Never reviewed."
        return format_html(
            "Reviewed by {} on {}; next review due {}.",
            review.reviewer.byline,
            format_local(review.reviewed_at),
            format_local(obj.next_review_due),
        )

    @admin.display(description="Changes")
    def status_log(self, obj):
        if obj.pk is None:
            return "—"
        changes = obj.status_changes.select_related("by")
        if not changes:
            return "No status changes yet."
        return format_html(
            "<ul class='status-log'>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} by {}{}{}</li>",
                (
                    (
                        format_local(change.at),
                        change.get_action_display(),
                        change.by.get_username() if change.by else "—",
                        f" ({change.moved})" if change.moved else "",
                        f" — {change.note}" if change.note else "",
                    )
                    for change in changes
                ),
            ),
        )

    # Workflow buttons, revision comparison and guarded restore.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<slug:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "workflow_actions": workflow.available_actions(obj, request.user) if obj else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, object_id, action):
        return require_POST(self._workflow_view)(request, object_id, action)

    def _workflow_view(self, request, object_id, action):
        article = self.get_object(request, unquote(object_id))
        if action not in workflow.STEPS or article is None:
            raise Http404("No such article or step.")
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
        else:
            try:
                workflow.perform(action, article=article, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _done_message(article))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def compare_view(self, request, object_id):
        """A readable line-by-line difference between two revisions of one article."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article.")
        versions = Version.objects.get_for_object(article)
        try:
            old = get_object_or_404(versions, pk=int(request.GET.get("old", "")))
            new = get_object_or_404(versions, pk=int(request.GET.get("new", "")))
        except ValueError as error:
            raise Http404("Choose two revisions to compare.") from error
        if old.pk > new.pk:
            old, new = new, old
        changes = []
        for field in DIFF_FIELDS:
            before, after = _version_text(old, field), _version_text(new, field)
            if before != after:
                lines = difflib.ndiff(before.splitlines(), after.splitlines())
                changes.append((field, [line for line in lines if not line.startswith("?")]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Changes to “{article}”",
            "old": old,
            "new": new,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(Article, unquote(object_id))
        action_list = [
            {
                "version": version,
                "revision": version.revision,
                "url": reverse("admin:articles_article_revision", args=[object_id, version.pk]),
            }
            for version in versions.select_related("revision__user").order_by("-pk")
        ]
        extra_context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion reverts first and checks afterwards; check the article as it is now.
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        request._workflow_state = {
            field: getattr(article, field) for field in workflow.WORKFLOW_FIELDS
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self._is_editor(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self._is_editor(request):
            raise PermissionDenied
        # Its reviews were deleted with it: a recovered article starts again as a draft.
        request._workflow_state = {
            "status": Article.Status.DRAFT,
            "published_at": None,
            "is_featured": False,
            "last_review": None,
        }
        return super().recover_view(request, version_id, extra_context)


def _done_message(article):
    # A scheduled article is "published" in the database, but readers do not see it yet.
    if article.status == Article.Status.PUBLISHED and article.published_at > timezone.now():
        return f"“{article}”: scheduled — goes live {format_local(article.published_at)}."
    return f"“{article}”: done — now {article.get_status_display()}."


def _version_text(version, field):
    if field == "tags":
        tagged = version.revision.version_set.filter(
            content_type__model="taggedarticle", content_type__app_label="articles"
        )
        tag_ids = [v.field_dict["tag_id"] for v in tagged]
        return ", ".join(sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)))
    # One block element per line, so the diff reads paragraph by paragraph.
    return BLOCK_END.sub(r"\g<0>\n", str(version.field_dict.get(field, "")))


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
