"""Editorial workflow: the only way an article changes status or gets a medical review.

Each action checks who is acting, checks the article's state, writes the change and its
`StatusChange` log entry in one transaction, and raises `PermissionDenied` (not allowed for this
user) or `ValidationError` (not possible in this state, with a message for the editor).
"""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from .models import Article, Review, StatusChange

Status = Article.Status
Action = StatusChange.Action

# The fields the workflow owns: forms never set them, restoring a revision never rolls them back.
WORKFLOW_FIELDS = ["status", "published_at", "is_featured", "last_review"]


def is_own(article, user):
    return article.author.user_id is not None and article.author.user_id == user.pk


def can_submit(article, user):
    return user.has_perm("articles.submit_article") and (
        is_own(article, user) or user.has_perm("articles.publish_article")
    )


def can_review(article, user):
    return user.has_perm("articles.review_article")


def can_send_back(article, user):
    return user.has_perm("articles.review_article") or user.has_perm("articles.publish_article")


def can_publish(article, user):
    return user.has_perm("articles.publish_article")


def available_actions(article, user):
    """The workflow buttons to offer `user` on `article`, as (action, label) pairs."""
    actions = []
    if article.status == Status.DRAFT and can_submit(article, user):
        actions.append(("submit", "Submit for review"))
    if article.status == Status.IN_REVIEW:
        if can_review(article, user) and not is_own(article, user):
            actions.append(("review", "Record medical review"))
        if can_send_back(article, user):
            actions.append(("send_back", "Send back to draft"))
    if article.status != Status.PUBLISHED and can_publish(article, user):
        actions += [("publish", "Publish now"), ("schedule", "Schedule")]
    if article.status == Status.PUBLISHED and can_publish(article, user):
        actions.append(("unpublish", "Unpublish"))
    return actions


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _require_status(article, *statuses):
    if article.status not in statuses:
        raise ValidationError(
            "This article is “%(status)s”; this step needs it to be %(allowed)s.",
            params={
                "status": article.get_status_display(),
                "allowed": " or ".join(f"“{Status(s).label}”" for s in statuses),
            },
        )


def _change_status(*, article, by, action, to_status, note="", fields=()):
    from_status = article.status
    article.status = to_status
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"{action.label}: {note}" if note else action.label)
        # update_fields keeps `updated_at` still: a status change is not an edit of the text.
        article.save(update_fields=["status", *fields])
    StatusChange.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=to_status,
        by=by,
        note=note,
    )


@transaction.atomic
def submit(*, article, by):
    _require(can_submit(article, by), "Only the article's author or an editor can submit it.")
    _require_status(article, Status.DRAFT)
    _change_status(article=article, by=by, action=Action.SUBMITTED, to_status=Status.IN_REVIEW)


@transaction.atomic
def record_review(*, article, by, note=""):
    """Sign the article off medically, approving its current revision."""
    _require(can_review(article, by), "Only medical reviewers can record a review.")
    reviewer = getattr(by, "author_profile", None)
    if reviewer is None or not reviewer.credentials.strip():
        raise ValidationError(
            "A review is published under the reviewer's name and credentials: link your login "
            "to an author profile with credentials (e.g. “PharmD”) first."
        )
    if reviewer.pk == article.author_id:
        raise PermissionDenied("You wrote this article; another reviewer must review it.")
    _require_status(article, Status.IN_REVIEW)

    review = Review.objects.create(article=article, reviewer=reviewer, note=note)
    article.last_review = review
    _change_status(
        article=article,
        by=by,
        action=Action.REVIEWED,
        to_status=Status.IN_REVIEW,
        note=note,
        fields=["last_review"],
    )
    # The revision just written is the exact text this review approved.
    review.version = Version.objects.get_for_object(article).first()
    review.save(update_fields=["version"])
    return review


@transaction.atomic
def send_back(*, article, by, note):
    _require(can_send_back(article, by), "Only medical reviewers and editors can send it back.")
    _require_status(article, Status.IN_REVIEW)
    if not note.strip():
        raise ValidationError("Say what needs to change: a note is required to send it back.")
    _change_status(
        article=article, by=by, action=Action.SENT_BACK, to_status=Status.DRAFT, note=note
    )


@transaction.atomic
def publish(*, article, by, at=None):
    """Publish now, or schedule when `at` is in the future (it then goes live by itself)."""
    _require(can_publish(article, by), "Only editors can publish or schedule articles.")
    _require_status(article, Status.DRAFT, Status.IN_REVIEW)
    if settings.REQUIRE_REVIEW_TO_PUBLISH and article.last_review_id is None:
        raise ValidationError(
            "This article has no recorded medical review; a medical reviewer must review it "
            "before it can be published."
        )
    now = timezone.now()
    article.published_at = at or now
    _change_status(
        article=article,
        by=by,
        action=Action.SCHEDULED if article.published_at > now else Action.PUBLISHED,
        to_status=Status.PUBLISHED,
        note=f"Goes live {timezone.localtime(article.published_at):%Y-%m-%d %H:%M %Z}",
        fields=["published_at"],
    )


def schedule(*, article, by, at):
    if at is None or at <= timezone.now():
        raise ValidationError("Choose a publication time in the future to schedule.")
    publish(article=article, by=by, at=at)


@transaction.atomic
def unpublish(*, article, by, note=""):
    _require(can_publish(article, by), "Only editors can unpublish articles.")
    _require_status(article, Status.PUBLISHED)
    _change_status(
        article=article, by=by, action=Action.UNPUBLISHED, to_status=Status.DRAFT, note=note
    )


STEPS = ["submit", "review", "send_back", "publish", "schedule", "unpublish"]


def perform(step, *, article, by, note="", at=None):
    """Run the step named `step`, as the admin's workflow buttons post it."""
    match step:
        case "submit":
            submit(article=article, by=by)
        case "review":
            record_review(article=article, by=by, note=note)
        case "send_back":
            send_back(article=article, by=by, note=note)
        case "publish":
            publish(article=article, by=by)
        case "schedule":
            schedule(article=article, by=by, at=at)
        case "unpublish":
            unpublish(article=article, by=by, note=note)
        case _:
            raise ValueError(f"Unknown workflow step {step!r}")
