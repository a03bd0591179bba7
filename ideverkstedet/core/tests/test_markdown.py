from ideverkstedet.core.markdown import render_markdown


def test_markdown_renders_basic_formatting():
    html = render_markdown("**Viktig** og *kursiv*\n\n- én\n- to")
    assert "<strong>Viktig</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<li>én</li>" in html


def test_markdown_strips_scripts_and_event_handlers():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)"><p onclick="x()">hei</p>')
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_markdown_drops_javascript_links_and_marks_others_noopener():
    html = render_markdown("[klikk](javascript:alert(1)) og [kommunen](https://kommune.no)")
    assert "javascript:" not in html
    assert 'href="https://kommune.no"' in html
    assert "noopener" in html
