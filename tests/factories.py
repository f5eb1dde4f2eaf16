from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Page, Reference, Review, TagDescription


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """Role names, e.g. `groups=["Editors"]`; the groups come from the data migration."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


def in_groups(*default):
    """A `groups` declaration for a role factory: its own role unless the test names others."""

    def add(user, create, extracted, **kwargs):
        if create:
            user.groups.add(*Group.objects.filter(name__in=extracted or default))

    return factory.PostGeneration(add)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")

    class Params:
        with_photo = factory.Trait(photo=factory.django.ImageField(width=160, height=200))


class ArticleFactory(factory.django.DjangoModelFactory):
    """Defaults give a valid, published article that a reader can see."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    author = factory.SubFactory(AuthorFactory)
    summary = "A short summary."
    body = "<p>Body text.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        with_image = factory.Trait(
            hero_image=factory.django.ImageField(width=320, height=180, color="teal"),
            hero_alt="A teal rectangle",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Page text.</p>"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    order = factory.Sequence(lambda n: n)
    authors = "Smith J, Patel R"
    title = factory.Sequence(lambda n: f"A study of medicines, part {n}")
    publisher = "BMJ"
    year = 2024


class TagDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TagDescription

    tag = factory.LazyFunction(lambda: Tag.objects.get_or_create(name="baclofen")[0])
    text = "A muscle relaxant."


class AuthorUserFactory(UserFactory):
    """A login in the Authors group, writing as its own Author profile."""

    groups = in_groups("Authors")
    author_profile = factory.RelatedFactory(AuthorFactory, factory_related_name="user")


class ReviewerUserFactory(UserFactory):
    """A login in the Medical reviewers group with a credentialed Author profile."""

    groups = in_groups("Medical reviewers")
    author_profile = factory.RelatedFactory(
        AuthorFactory, factory_related_name="user", credentials="PharmD"
    )


class EditorUserFactory(UserFactory):
    groups = in_groups("Editors")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    article = factory.SubFactory(ArticleFactory, status=Article.Status.IN_REVIEW)
    reviewer = factory.SubFactory(AuthorFactory, credentials="MD")


def reviewed(article, **kwargs):
    """`article` with a recorded medical review (made directly, without the workflow)."""
    article.last_review = ReviewFactory(article=article, **kwargs)
    article.save()
    return article


# What the article admin form posts for its inlines when none is filled in.
NO_INLINES = {"references-TOTAL_FORMS": "0", "references-INITIAL_FORMS": "0"}
