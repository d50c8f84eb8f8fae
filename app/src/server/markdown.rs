//! Markdown of minutes to HTML, sanitised: no scripts, no event handlers, no `javascript:` links.

pub fn to_safe_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_scripts_are_removed() {
        let html = to_safe_html(
            "# Protokoll\n\n- **Bedarf**: Sprachkurse\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[Link](javascript:alert(3)) und [Stadt](https://www.dortmund.de)",
        );
        assert!(html.contains("<h1>Protokoll</h1>"), "{html}");
        assert!(html.contains("<strong>Bedarf</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(
            html.contains("<a rel=\"noopener noreferrer nofollow\">Link</a>"),
            "the link text stays, without its target: {html}"
        );
        assert!(html.contains("href=\"https://www.dortmund.de\""), "{html}");
    }
}
