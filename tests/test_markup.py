import pytest

from articles import markup


def test_headings_get_ids_from_their_text():
    html = "<h2>How baclofen works</h2><p>Text</p><h3>Dose &amp; timing</h3>"

    assert markup.add_heading_ids(html) == (
        '<h2 id="how-baclofen-works">How baclofen works</h2><p>Text</p>'
        '<h3 id="dose-timing">Dose &amp; timing</h3>'
    )


def test_heading_ids_an_editor_set_are_kept():
    html = '<h2 id="dosing">Dose</h2><h2>Side effects</h2>'

    assert markup.add_heading_ids(html) == (
        '<h2 id="dosing">Dose</h2><h2 id="side-effects">Side effects</h2>'
    )


def test_repeated_headings_get_unique_ids():
    html = '<h2>Summary</h2><h3>Summary</h3><h2 id="summary-2">Kept</h2>'

    assert markup.add_heading_ids(html) == (
        '<h2 id="summary">Summary</h2><h3 id="summary-3">Summary</h3><h2 id="summary-2">Kept</h2>'
    )


def test_heading_ids_do_not_take_the_pages_own_ids():
    html = "<h2>References</h2><h2>Ref 1</h2><h2>!!!</h2>"

    assert markup.add_heading_ids(html) == (
        '<h2 id="references-2">References</h2><h2 id="section-ref-1">Ref 1</h2>'
        '<h2 id="section">!!!</h2>'
    )


def test_heading_ids_are_stable_when_saved_again():
    once = markup.add_heading_ids("<h2>Dose</h2><h2>Dose</h2>")

    assert markup.add_heading_ids(once) == once


def test_table_of_contents_nests_h3_under_h2():
    html = markup.add_heading_ids("<h3>Intro</h3><h2>Dose</h2><h3>Children</h3><h2>Risks</h2>")

    assert markup.table_of_contents(html) == [
        {"id": "intro", "title": "Intro", "children": []},
        {
            "id": "dose",
            "title": "Dose",
            "children": [{"id": "children", "title": "Children", "children": []}],
        },
        {"id": "risks", "title": "Risks", "children": []},
    ]


def test_citations_link_to_their_reference():
    rendered = markup.render_html("<p>It helps [1] and harms [2].</p>", reference_count=2)

    assert rendered == (
        '<p>It helps <a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a> and '
        'harms <a aria-label="Reference 2" class="citation" href="#ref-2">[2]</a>.</p>'
    )


def test_citations_beyond_the_references_stay_text():
    rendered = markup.render_html("<p>Cited [1] and [3] and [0].</p>", reference_count=2)

    assert rendered.count("<a ") == 1
    assert "[3] and [0]" in rendered


def test_citations_are_not_linked_without_references():
    assert markup.render_html("<p>Cited [1].</p>") == "<p>Cited [1].</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="https://example.org/[1]" title="[1]">see [1]</a></p>',
        "<p><code>list[1]</code></p>",
        "<pre>x = y[1]</pre>",
    ],
)
def test_citations_inside_links_attributes_and_code_are_left_alone(html):
    rendered = markup.render_html(html, reference_count=1)

    assert "#ref-1" not in rendered


def test_only_citations_in_plain_text_are_linked_around_links_and_code():
    html = (
        '<p>[1] <a href="https://example.org" title="x &gt; [1]">see [1]</a> then [2]<br>'
        "<code>[1]</code> and <strong>[1]</strong></p>"
    )

    rendered = markup.render_html(html, reference_count=2)

    assert rendered == (
        '<p><a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a> '
        '<a href="https://example.org" title="x &gt; [1]" rel="noopener noreferrer">see [1]</a>'
        ' then <a aria-label="Reference 2" class="citation" href="#ref-2">[2]</a><br>'
        "<code>[1]</code> and <strong>"
        '<a aria-label="Reference 1" class="citation" href="#ref-1">[1]</a></strong></p>'
    )


def test_citation_linking_keeps_text_escaped():
    rendered = markup.render_html("<p>&lt;script&gt; [1] &amp;</p>", reference_count=1)

    assert rendered.startswith("<p>&lt;script&gt; <a ")
    assert rendered.endswith("</a> &amp;</p>")


def test_rendering_still_removes_scripts_when_linking_citations():
    rendered = markup.render_html("<p>[1]</p><script>alert(1)</script>", reference_count=1)

    assert "<script" not in rendered


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_minutes_from_word_count(words, minutes):
    html = "<p>" + " ".join(["word"] * words) + "</p>"

    assert markup.reading_minutes(html) == minutes


def test_reading_minutes_counts_words_across_tags():
    html = "<p>one</p><p>two</p>" * 101  # 202 words, none glued together

    assert markup.reading_minutes(html) == 2


def test_table_of_contents_reads_headings_with_markup_entities_and_quoted_brackets():
    html = markup.clean_html(
        '<h2 id="dose-&amp;-timing">Dose &amp; <em>timing</em></h2>'
        '<h2 id="links"><a href="https://example.org/?a=1>2">Read</a> more</h2>'
        "<p>No heading</p><h2>Never saved</h2>"
    )

    assert markup.table_of_contents(html) == [
        {"id": "dose-&-timing", "title": "Dose & timing", "children": []},
        {"id": "links", "title": "Read more", "children": []},
    ]
