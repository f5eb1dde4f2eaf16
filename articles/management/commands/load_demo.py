"""Load the demo content: the page the site was modelled on (../shared/seed/), faithfully.

Idempotent: rows are found by slug and created only when missing, so a second run duplicates
nothing and never overwrites what an editor has changed since. Each demo article without a hero
image gets an illustration the project draws itself (no third-party images are shipped).
"""

import io
import textwrap
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles import renditions as rendered
from articles.cache import bump
from articles.models import Article, Author, Page

EDITORIAL_TEAM = {
    "slug": "editorial-team",
    "name": "Health and Wellness Editorial Team",
    "bio": "The editors of Health and Wellness.",
}
MARTYN = {"slug": "martyn-f", "name": "Martyn F.", "bio": ""}

BACLOFEN_GUIDE_BODY = """
<p>Have you been prescribed baclofen and want to know what to expect? Baclofen is a muscle relaxant used to reduce spasticity from conditions like multiple sclerosis, spinal cord injury, or certain brain disorders. It can help reduce stiffness and spasms so daily tasks become easier, but it also comes with side effects and rules for safe use. This page gives clear, useful facts so you can talk to your doctor with confidence.</p>
<h2>How baclofen works and when doctors use it</h2>
<p>Baclofen works in the spinal cord to calm overactive nerves that cause muscle tightness. Doctors commonly prescribe it for leg or arm spasticity after spinal cord injury, for multiple sclerosis, or sometimes in other neurological conditions. For severe, localized spasticity that doesn’t respond to pills, some patients get baclofen delivered directly into the spine via an intrathecal pump — that’s managed by a specialist and uses much smaller doses than oral tablets.</p>
<h2>Dosage, side effects, and safety tips</h2>
<p>Typical oral dosing starts low: many people begin with 5 mg three times a day. Your doctor may slowly raise the dose every few days. Typical maintenance doses range from about 15 mg to 80 mg per day, split into several doses. Always follow your prescriber’s schedule — don’t increase the dose on your own.</p>
<p>Common side effects include drowsiness, dizziness, weakness, nausea, and headache. Because baclofen can make you sleepy, avoid driving or using heavy machinery until you know how it affects you. Mixing baclofen with alcohol, sedatives, or strong pain medicines raises the risk of dangerous drowsiness and breathing problems.</p>
<p>One serious issue is withdrawal: stopping baclofen suddenly can cause rapid return of spasticity, hallucinations, high fever, or seizures. If you and your doctor decide to stop baclofen, the dose should be reduced gradually under medical supervision. Patients with kidney problems need lower doses because baclofen leaves the body through the kidneys — tell your doctor about any kidney disease.</p>
<p>Pregnancy and breastfeeding: there’s limited data on safety. If you might become pregnant or are breastfeeding, discuss risks and alternatives with your clinician before starting or stopping medication.</p>
<p>Practical tips: take tablets with food to reduce stomach upset, keep a simple diary of spasms and side effects to share with your doctor, and list all other medicines and supplements you take to check for interactions. If spasms worsen, or you notice severe mood changes, trouble breathing, or very high fever, seek medical care right away.</p>
<p>Want to learn more or compare options? Ask your clinician about oral versus intrathecal delivery, physical therapy strategies that work alongside medicine, and whether referral to a specialist is appropriate. Safe use and clear communication with your care team make a big difference when using baclofen.</p>
"""

PUDENDAL_SUMMARY = "Pudendal neuralgia, a chronic pain syndrome affecting the pudendal nerve, can severely impact quality of life. Baclofen, a muscle relaxant, shows promise as a potential treatment option for this condition. Explore how Baclofen works, its potential benefits, and tips for managing pudendal neuralgia effectively."
PROPECIA_SUMMARY = "Looking for alternatives to Propecia for hair loss treatment? This article explores ten alternative solutions, from over-the-counter options like Minoxidil to advanced therapies like PRP and stem cell injections. Each alternative is analyzed for its pros and cons including effectiveness, availability, and potential side effects, helping you make an informed decision on managing hair loss."
GUAIFENESIN_SUMMARY = "As a blogger, I recently came across a fascinating topic: Guaifenesin and Liver Health. Guaifenesin is a common ingredient in many over-the-counter cough medicines, and I wanted to share what I've learned about its potential impact on our liver health. From what I've gathered, it seems that this medication is generally safe for most people, but those with pre-existing liver conditions should use caution. It's essential to consult with a healthcare professional before using guaifenesin if you have liver issues. In summary, guaifenesin is safe for many, but those with liver concerns should take extra care and seek professional advice."
PAU_DARCO_SUMMARY = "Well, folks, let's talk about the superhero of dietary supplements, Pau D'Arco! This wonder supplement is sweeping the globe faster than a cat video goes viral. Pau D'Arco, this magical tree bark from South America, is making people healthier, happier, and transforming lives like a fairy godmother with a magic wand. This supplement is tackling everything from inflammation to infections, making it the health trend we didn't know we needed but now can't live without! So, if you haven't jumped on the Pau D'Arco train yet, what are you waiting for? Your happily ever after might just be a sip away!"


def _summary_body(summary):
    # Where the seed has only a card summary, the body says exactly that and nothing more.
    return f"<p>{summary}</p>"


def _at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 9, 0))


# The seed dates only the featured post ("Jul. 5"); the others keep the seed's order, newest
# first, on earlier dates.
ARTICLES = [
    {
        "slug": "baclofen-practical-guide-patients-caregivers",
        "title": "Baclofen: A Practical Guide for Patients and Caregivers",
        "author": EDITORIAL_TEAM,
        "summary": "Have you been prescribed baclofen and want to know what to expect? Clear, useful facts about how baclofen works, dosage, side effects and safe use, so you can talk to your doctor with confidence.",
        "body": BACLOFEN_GUIDE_BODY,
        "published_at": _at(2026, 7, 12),
        "tags": ["baclofen"],
    },
    {
        "slug": "baclofen-pudendal-neuralgia",
        "title": "Baclofen for Pudendal Neuralgia: Breakthrough Treatment Insights",
        "author": MARTYN,
        "summary": PUDENDAL_SUMMARY,
        "body": _summary_body(PUDENDAL_SUMMARY),
        "published_at": _at(2026, 7, 5),
        "is_featured": True,
        "tags": ["baclofen", "pudendal neuralgia"],
    },
    {
        "slug": "top-10-propecia-alternatives-hair-loss",
        "title": "Top 10 Propecia Alternatives for Hair Loss: Explore Your Options",
        "author": EDITORIAL_TEAM,
        "summary": PROPECIA_SUMMARY,
        "body": _summary_body(PROPECIA_SUMMARY),
        "published_at": _at(2026, 6, 21),
        "tags": ["Propecia alternatives"],
    },
    {
        "slug": "guaifenesin-liver-health",
        "title": "Guaifenesin and Liver Health: What You Should Know",
        "author": EDITORIAL_TEAM,
        "summary": GUAIFENESIN_SUMMARY,
        "body": _summary_body(GUAIFENESIN_SUMMARY),
        "published_at": _at(2026, 6, 7),
        "tags": ["guaifenesin"],
    },
    {
        "slug": "pau-darco-dietary-supplement",
        "title": "Pau D'Arco: The Dietary Supplement That's Transforming Lives Across the Globe",
        "author": EDITORIAL_TEAM,
        "summary": PAU_DARCO_SUMMARY,
        "body": _summary_body(PAU_DARCO_SUMMARY),
        "published_at": _at(2026, 5, 24),
        "tags": ["Pau D'Arco"],
    },
]

PAGES = [
    {
        "slug": "about",
        "title": "About Us",
        "body": (
            "<p>Health and Wellness publishes practical guides to medicines and conditions for "
            "patients and caregivers.</p>"
        ),
    },
    {
        "slug": "medical-disclaimer",
        "title": "Medical disclaimer",
        "body": (
            "<p>Health and Wellness publishes general information about medicines and health "
            "conditions. It is not medical advice, and it does not replace a diagnosis or "
            "treatment from a doctor, pharmacist or other qualified professional who knows your "
            "situation.</p>"
            "<p>Do not start, stop or change a medicine because of something you read here. "
            "If you think you have a medical emergency, contact your local emergency "
            "services.</p>"
        ),
    },
    {
        "slug": "editorial-policy",
        "title": "Editorial policy",
        "body": (
            "<p>Each article names its author and the date it was published, and says when it "
            "was last updated. Where an article relies on published sources, it lists them as "
            "numbered references so you can read them yourself.</p>"
            "<p>Articles are written for patients and caregivers in plain language. We correct "
            "mistakes when we find them; if you spot one, please tell us.</p>"
        ),
    },
]


ILLUSTRATION_SIZE = (1600, 900)
ILLUSTRATION_ALT = "Illustration: the article title in white type on a teal card"
BRAND = "#005a70"
BRAND_LIGHT = "#1a7a91"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:  # DejaVu is not installed everywhere; Pillow's own font scales too
        return ImageFont.load_default(size=size)


def illustration(title):
    """A branded card for `title`: the site's teal, a cross in a circle, the title in large type."""
    width, height = ILLUSTRATION_SIZE
    image = Image.new("RGB", ILLUSTRATION_SIZE, BRAND)
    draw = ImageDraw.Draw(image)
    # Kept clear of the edges: the 3:2 thumbnail and the link-preview crops keep cross and title.
    draw.ellipse((width - 620, -220, width + 100, 500), fill=BRAND_LIGHT)
    arm, centre_x, centre_y = 55, width - 320, 240
    draw.rectangle(
        (centre_x - arm, centre_y - arm * 3, centre_x + arm, centre_y + arm * 3), "white"
    )
    draw.rectangle(
        (centre_x - arm * 3, centre_y - arm, centre_x + arm * 3, centre_y + arm), "white"
    )
    font = _font(84)
    lines = textwrap.wrap(title, width=22)[:4]
    draw.multiline_text(
        (160, height - 90), "\n".join(lines), "white", font, anchor="ld", spacing=18
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="illustration.png")


class Command(BaseCommand):
    help = (
        "Load the demo content (the seed page's articles, authors, tags and About page, "
        "and the medical disclaimer and editorial policy pages)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--renditions",
            action="store_true",
            help="Also make the demo images' renditions now, so the first page view is quick.",
        )

    def handle(self, *args, renditions, **options):
        self.load()
        if renditions:
            self.make_renditions()

    def make_renditions(self):
        articles = Article.objects.published().exclude(hero_image="")
        self.stdout.write(f"Making image renditions for {len(articles)} articles:")
        for number, article in enumerate(articles, start=1):
            focal = article.hero_focal_point
            for shape in ("hero", "thumbnail"):
                rendered.picture(article.hero_image, shape, focal)
            rendered.open_graph_image(article.hero_image, focal)
            self.stdout.write(f"  {number}/{len(articles)}  {article.title}")

    @transaction.atomic
    def load(self):
        created = 0
        for spec in PAGES:
            _, is_new = Page.objects.get_or_create(slug=spec["slug"], defaults=spec)
            created += is_new
        for spec in ARTICLES:
            spec = dict(spec)
            author_spec = spec.pop("author")
            tags = spec.pop("tags")
            author, is_new = Author.objects.get_or_create(
                slug=author_spec["slug"], defaults=author_spec
            )
            created += is_new
            article, is_new = Article.objects.get_or_create(
                slug=spec["slug"],
                defaults={**spec, "author": author, "status": Article.Status.PUBLISHED},
            )
            if is_new:
                article.tags.add(*tags)
                # Demo articles have not been edited since they went out.
                Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
                created += 1
            if not article.hero_image:
                # Only when the article has none: an editor's own image is never replaced.
                article.hero_image = illustration(article.title)
                article.hero_alt = ILLUSTRATION_ALT
                article.hero_is_decorative = False
                article.save(
                    update_fields=[
                        "hero_image",
                        "hero_width",
                        "hero_height",
                        "hero_alt",
                        "hero_is_decorative",
                    ]
                )
            self.stdout.write(f"  {'created' if is_new else 'kept   '}  {article.title}")
        # The update() above sends no signal: tell the page cache that content changed.
        bump()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new rows)."))
