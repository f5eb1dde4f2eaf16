from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    # The version the editor loaded; a save over a newer version is refused (no lost edits).
    loaded_version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "author",
            "summary",
            "body",
            "tags",
            "hero_image",
            "hero_alt",
            "hero_is_decorative",
            "hero_focal_x",
            "hero_focal_y",
            "is_featured",
            "review_interval_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["loaded_version"]
        else:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if self.instance.pk is None or loaded is None:
            return cleaned_data
        # The admin saves inside a transaction: the row lock makes a simultaneous second save
        # wait here and then see the first one's version.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is not None and loaded != current.isoformat():
            raise ValidationError(
                "%(who)s saved this article at %(when)s, after you opened it, so your changes "
                "were not saved. They are still in the form below: copy what you need, open "
                "the article again in a new tab and apply them to the latest version.",
                code="edit_conflict",
                params={"who": self._saved_by_since(loaded), "when": format_local(current)},
            )
        return cleaned_data

    def _saved_by_since(self, loaded):
        try:
            since = forms.DateTimeField().to_python(loaded)
        except ValidationError:
            since = None
        versions = Version.objects.get_for_object(self.instance).select_related("revision__user")
        if since is not None:
            versions = versions.filter(revision__date_created__gt=since)
        names = []
        for version in versions.order_by("pk"):
            if since is not None and version.field_dict["updated_at"] <= since:
                continue  # a workflow step, not an edit of the text
            user = version.revision.user
            name = (user.get_full_name() or user.get_username()) if user else "Someone"
            if name not in names:
                names.append(name)
        return " and ".join(names) or "Someone"


def format_local(moment):
    """A moment as the editors read it: local time, to the minute."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class WorkflowForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000)
    at = forms.DateTimeField(
        required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    )
