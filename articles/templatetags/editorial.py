from django import template

from ..models import Article

register = template.Library()

BACKLOG_BARS = [
    ("overdue", "Overdue", "bar-overdue"),
    ("due_soon", "Due within 30 days", "bar-due-soon"),
    ("fine", "Fine", "bar-fine"),
    ("never", "Never reviewed", "bar-never"),
]


@register.inclusion_tag("admin/articles/_review_backlog.html")
def review_backlog():
    """Published articles by medical-review state, as counts and SVG bar widths (0–100)."""
    counts = Article.objects.published().review_backlog()
    largest = max(counts.values()) or 1
    bars = [
        {
            "label": label,
            "css_class": css_class,
            "count": counts[key],
            "width": round(48 * counts[key] / largest, 1),
            "rect_y": index * 10 + 1,
            "text_y": index * 10 + 5.5,
            "count_x": round(48 * counts[key] / largest, 1) + 44,
        }
        for index, (key, label, css_class) in enumerate(BACKLOG_BARS)
    ]
    return {"overdue": counts["overdue"], "bars": bars, "height": len(bars) * 10}
