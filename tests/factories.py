from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Page, Reference, TagDescription


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")
    is_staff = True


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")


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
