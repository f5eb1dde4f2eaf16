"""On SQLite, store an article's body after its other columns.

SQLite keeps a row's columns in the order of the table, and a value longer than a page (4 KB) runs
on into overflow pages. With `body` before `status`, `published_at` and the card's columns, reading
those of a long article walked its body's overflow pages first: every publication check of a
search's thousand matches did (with 14 KB bodies, 1.01–1.14 ms; body last, 0.57–0.66). The table is
rebuilt once with `body` last, as SQLite's schema editor rebuilds it for a changed column: 11 s for
`make bench`'s 100,000 articles (a 1.1 GB file, which grows by the old table's pages until they are
reused or the file is vacuumed). PostgreSQL keeps long values out of line already: nothing to do
there.
"""

from django.db import migrations, models


def body_last(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # The model as the state now has it, `body` last. `_remake_table` is what SQLite's
        # schema editor runs for any changed column (`alter_field`): a new table, every row
        # copied, the old one dropped; Django has no public call for the rebuild alone.
        schema_editor._remake_table(apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_tag_article_index"),
    ]

    operations = [
        # The state's columns in their new order, `body` last; the database is left to the next
        # operation.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="article", name="body"),
                migrations.AddField(
                    model_name="article",
                    name="body",
                    field=models.TextField(
                        blank=True, help_text="Rich text; sanitised when saved and when shown."
                    ),
                ),
            ],
        ),
        migrations.RunPython(body_last, migrations.RunPython.noop),
    ]
