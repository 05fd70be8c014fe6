//! Markdown to HTML with pulldown-cmark: tables, footnotes, unique heading ids, site-relative links.
//!
//! Markdown comes from content, so nothing it says may become markup of its own: `problems`
//! finds, for loading to refuse, every heading attribute but a plain `{#id}`, every link whose
//! scheme is not `http`, `https` or `mailto`, every image that is not a file of the site, and every
//! code-block language or footnote label outside a safe alphabet; `render` neutralises the same
//! things should one reach it.

mod allowed;
mod problems;
mod render;

use pulldown_cmark::Options;

pub use allowed::{
    forbidden_links, image_allowed, is_forbidden, is_safe_id, is_template_id, link_allowed,
};
pub use problems::{problems, Problem};
pub use render::{render, render_with, Heading, Rendered};

/// The Markdown extensions content may use. Rendering and the forbidden-link check parse alike,
/// or a link one of them sees could escape the other: in ``# `[x](javascript:a) {`}`` the heading's
/// attributes take the closing backtick, and what was code becomes a link.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

#[cfg(test)]
mod tests {
    use super::problems::is_refused;
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Fuentes\n\n## Fuentes\n\n### Método {#metodo}\n", "/");
        assert!(
            r.html.contains("<h2 id=\"fuentes\">Fuentes</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"fuentes-2\">Fuentes</h2>"));
        assert!(r.html.contains("<h3 id=\"metodo\">Método</h3>"));
        assert_eq!(r.headings.len(), 3);
    }

    #[test]
    fn links_get_the_base_path() {
        let r = render(
            "[mapa](/es/mapa/) [ext](https://example.org/) [#](#fuentes)",
            "/briefing/",
        );
        assert!(r.html.contains("href=\"/briefing/es/mapa/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://example.org/\""));
        assert!(r.html.contains("href=\"#fuentes\""));
        assert_eq!(r.links, ["/es/mapa/", "https://example.org/", "#fuentes"]);
    }

    #[test]
    fn tables_and_footnotes() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTexto[^1].\n\n[^1]: Nota.\n",
            "/",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    #[test]
    fn forbidden_schemes_are_found_however_spelt() {
        let found = forbidden_links("[a](javascript:alert(1)) [b](https://ok.example) ![c](data:image/png;base64,xx) [d](<JaVa\tScript:x>) [e](VBScript:y)");
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(
            forbidden_links("See ![this](data:image/svg+xml;base64,PHN2Zz4=)."),
            ["data:image/svg+xml;base64,PHN2Zz4="]
        );
        // Each alone: a `:` anywhere in the text would hide a mistake in the shortcut for texts
        // without one.
        assert_eq!(forbidden_links("[a](javascript&#58;x)"), ["javascript:x"]);
        assert_eq!(forbidden_links("[b](vbscript&colon;y)"), ["vbscript:y"]);
        assert_eq!(forbidden_links("[c](data\\:z)"), ["data:z"]);
        assert!(forbidden_links("[a](/es/mapa/) y [b](otra/pagina)").is_empty());
        // Found by review: a heading whose attribute braces hold a link's text. Loading must
        // see the link rendering sees.
        let heading = "# `[x](javascript:a) {`}";
        let rendered = render(heading, "/").links;
        assert_eq!(rendered, ["javascript:a"], "the case this test is about");
        assert_eq!(
            forbidden_links(heading),
            rendered
                .into_iter()
                .filter(|l| is_forbidden(l))
                .collect::<Vec<_>>()
        );
        assert!(!is_forbidden("https://example.org/javascript:"));
        assert!(!is_forbidden("/es/mapa/"));
    }

    #[test]
    fn text_that_looks_like_an_attribute_stays_text() {
        // Found by `cargo fuzz run markdown`: the text `href="javascript:` is not a link.
        let r = render("href=\"javascript:", "/");
        assert_eq!(r.html, "<p>href=\"javascript:</p>\n");
        assert!(r.links.is_empty());
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render("<script>alert(1)</script>\n\nHola <b>x</b>", "/");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("<b>"));
    }

    #[test]
    fn heading_attributes_other_than_a_safe_id_are_problems_and_never_rendered() {
        let text = "# Uno\n\n## T {#x onclick=alert(1) style=color:red .big}\n";
        let found = problems(text);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "a heading may not set a class (`.big`)",
                "a heading may not set the attribute `onclick`",
                "a heading may not set the attribute `style`",
            ],
            "{found:?}"
        );
        assert_eq!(&text[found[1].offset..found[1].offset + 7], "onclick");
        assert_eq!(&text[found[0].offset..found[0].offset + 4], ".big");
        let html = render(text, "/").html;
        assert!(html.contains("<h2 id=\"x\">T</h2>"), "{html}");
        assert!(!html.contains("onclick") && !html.contains("style") && !html.contains("big"));
        let bad_id = "## T {#a\"b}\n";
        assert_eq!(problems(bad_id).len(), 1, "{:?}", problems(bad_id));
        assert!(render(bad_id, "/").html.contains("<h2 id=\"t\">"));
        assert!(problems("## T {#fuentes_2-b}\n").is_empty());
        // Setext headings take attributes too.
        let setext = "T {data-x=1}\n===\n";
        assert_eq!(problems(setext).len(), 1);
        assert_eq!(&setext[problems(setext)[0].offset..][..6], "data-x");
    }

    #[test]
    fn only_http_https_mailto_and_relative_links_pass_however_spelt() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#X6a;avascript&#58;alert(1)",
            "java&#10;script:alert(1)",
            "java&#9;script:alert(1)",
            "<java\tscript:alert(1)>",
            "&#1;&#32;javascript:alert(1)",
            "\\ javascript:x",
            "<DaTa\t:text/html,x>",
            "DaTa&#9;:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "ftp://example.org/",
            "javascript&colon;x",
            "jav\\ascript:x",
        ] {
            let text = format!("[a]({bad})");
            let rendered = render(&text, "/");
            let found = problems(&text);
            if rendered.links.iter().all(|l| link_allowed(l)) {
                // Not a link to a scheme at all once parsed (as a browser would read it).
                assert!(found.is_empty(), "{bad}: {found:?}");
                continue;
            }
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            let destination = if bad.starts_with('<') { 5 } else { 4 };
            assert_eq!(found[0].offset, destination, "{bad}");
            assert!(
                rendered.html.contains("href=\"#\""),
                "{bad}: {}",
                rendered.html
            );
        }
        for bad in [
            "&#106;avascript:alert(1)",
            "java&#10;script:alert(1)",
            "DaTa&#9;:x",
            "<DaTa\t:x>",
        ] {
            assert!(!problems(&format!("[a]({bad})")).is_empty(), "{bad}");
        }
        for good in [
            "https://example.org/",
            "HTTP://example.org/",
            "mailto:prensa@example.org",
            "/es/mapa/",
            "otra/pagina",
            "#fuentes",
            "?q=1",
            "./a:b",
            "",
        ] {
            assert!(problems(&format!("[a]({good})")).is_empty(), "{good}");
        }
        // Autolinks, reference definitions, images in links.
        let text =
            "<javascript:alert(1)> [x][r] [![i](/i.png)](vbscript:y)\n\n[r]: data:text/html,x\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        let at: Vec<&str> = found
            .iter()
            .map(|p| &text[p.offset..p.offset + 4])
            .collect();
        assert_eq!(at, ["java", "data", "vbsc"], "{found:?}");
        assert!(problems("<prensa@example.org>").is_empty());
    }

    #[test]
    fn images_must_be_files_of_the_site() {
        for bad in [
            "https://evil.example/x.png",
            "//evil.example/x.png",
            "\\\\\\\\evil.example/x.png",
            "/\\evil.example/x.png",
            "http:evil.example/x.png",
            "<\t//evil.example/x.png>",
        ] {
            let text = format!("![x]({bad})");
            let found = problems(&text);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(found[0].message.starts_with("an image from"), "{found:?}");
            let html = render(&text, "/").html;
            assert!(html.contains("src=\"#\""), "{bad}: {html}");
        }
        assert!(problems("![x](/img/mapa.png) ![y](mapa.png)").is_empty());
        assert_eq!(
            problems("![x](data:image/png;base64,xx)")[0].message,
            "a link to `data:image/png;base64,xx` is not allowed"
        );
    }

    #[test]
    fn code_languages_and_footnote_names_keep_to_a_safe_alphabet() {
        let text = "```rust\nx\n```\n\n```a\"onclick=b\nx\n```\n\nT[^1] y[^a b]\n\n[^1]: N.\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("code language"), "{found:?}");
        let html = render(text, "/").html;
        assert!(html.contains("class=\"language-rust\""), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        let found = problems("T[^a&b]\n\n[^a&b]: N.\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.contains("footnote name"));
    }

    #[test]
    fn allowed_raw_html_keeps_only_harmless_markup() {
        let text = "<abbr title=\"Secretaría\">SSPC</abbr> <img src=x onerror=alert(1)> <a href=\"javascript:x\" onclick=\"y\">a</a> <script>alert(1)</script> <span style=\"color:red\" class=\"x\">s</span>\n\n## T {#fuentes}\n\n<img src=\"https://evil.example/x.png\"> <a href=\"https://example.org/\">ok</a>\n";
        let html = render_with(text, "/", true).html;
        assert!(
            html.contains("<abbr title=\"Secretaría\">SSPC</abbr>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"fuentes\">T</h2>"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/\">ok</a>"),
            "{html}"
        );
        for gone in [
            "onerror",
            "onclick",
            "javascript",
            "<script",
            "style=",
            "class=",
            "evil",
        ] {
            assert!(!html.contains(gone), "{gone}: {html}");
        }
    }

    #[test]
    fn the_quick_pass_and_the_full_one_agree() {
        for text in [
            "## T {#x onclick=y}",
            "[a](javascript:x)",
            "![a](//h/x.png)",
            "```a\"b\nx\n```",
            "x[^a b]\n\n[^a b]: y",
            "## Fine {#ok}\n\n[a](/x) ![b](c.png) [^1]\n\n[^1]: n",
        ] {
            let refused = Parser::new_ext(text, OPTIONS).any(|e| is_refused(&e));
            assert_eq!(refused, !problems(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ids_the_page_uses_are_not_the_contents() {
        for text in [
            "## T {#main}",
            "## T {#sec-sources}",
            "## T {#y2025}",
            "x[^main]\n\n[^main]: n",
        ] {
            let found = problems(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found[0].message.contains("the page itself uses"),
                "{found:?}"
            );
        }
        let html = render(
            "## Main\n\n## T {#main}\n\n## Sec sources\n\n## m2025-03\n",
            "/",
        )
        .html;
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(html.contains("<h2 id=\"h-main\">Main</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"t\">T</h2>"), "{html}");
        assert!(html.contains("id=\"h-sec-sources\""), "{html}");
        assert!(html.contains("id=\"h-m2025-03\""), "{html}");
        assert!(problems("## Mainly {#mainly} {#y} {#m-1}").is_empty());
        assert!(!is_template_id("y") && !is_template_id("m-03") && !is_template_id("yes"));
    }
}
