//! What each setting of `site.toml` may hold: the base URL, texts, locales, language codes, URL segments, the output folder.

use std::path::Path;

/// `url` trimmed, ending with `/`.
pub(super) fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// The path of an absolute http(s) URL (`https://a.org/x/` gives `/x/`), or `None` if it is not one.
pub(super) fn base_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if host.is_empty() || host.contains(['?', '#', ' ']) {
        return None;
    }
    let path = &rest[slash..];
    if path.contains(['?', '#', ' ']) {
        return None;
    }
    Some(path.to_string())
}

/// Why `url` cannot be the base URL, if it cannot. The rules are an allow-list, since the URL
/// goes unescaped into `robots.txt` and into every link, feed and sitemap entry: `http` or
/// `https` (lowercase), a host name (letters, digits, hyphens and dots; an international name in
/// its `xn--` form) or a bracketed IPv6 address, an optional port, and a path of letters, digits
/// and `-._~` segments. No user name or password, query, fragment, escape, space, control
/// character or quote.
pub(super) fn check_base_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains {}", describe(c)));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it does not start with `https://` or `http://`")?;
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return Err("it has a user name or password (`user@`)".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, _)) if !host.ends_with(']') && host.contains(':') => (authority, None),
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || !port.parse::<u16>().is_ok_and(|p| p > 0)
        {
            return Err(format!("`{port}` is not a port number"));
        }
    }
    let host_ok = if let Some(ip) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        ip.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host.trim_end_matches('.').split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    if !host_ok {
        return Err(format!(
            "`{host}` is not a host name (ASCII letters, digits, hyphens and dots; an international name in its `xn--` form)"
        ));
    }
    if let Some(c) = path
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~/".contains(c)))
    {
        return Err(match c {
            '?' => "it has a query (`?`)".into(),
            '#' => "it has a fragment (`#`)".into(),
            '%' => "its path has an escape (`%`); write the path in plain letters".into(),
            c => format!("its path contains {}", describe(c)),
        });
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let segments: Vec<&str> = path.split('/').collect();
    let inner = &segments[1..segments.len() - 1];
    if inner
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err("its path has an empty, `.` or `..` segment".into());
    }
    Ok(())
}

/// A character named for an error message: itself if visible, else its code point.
fn describe(c: char) -> String {
    if !(c.is_ascii_graphic() || c.is_alphanumeric()) {
        format!("the character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// Why a title or description cannot be used, if it cannot: empty, or holding a character that
/// has no place in text (control characters, line and paragraph separators, and the
/// bidirectional overrides that make text display in another order than it is read). With
/// `lines` (a description), line breaks and tabs are allowed.
pub(super) fn text_problem(value: &str, lines: bool) -> Option<String> {
    if value.trim().is_empty() {
        return Some("is empty".into());
    }
    value
        .chars()
        .find(|&c| {
            (c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .map(|c| format!("contains {}", describe(c)))
}

/// Why `output_dir` cannot be used, if it cannot (where it may be is checked when writing).
pub(super) fn output_dir_problem(dir: &Path) -> Option<String> {
    let text = dir.to_string_lossy();
    if text.trim().is_empty() {
        return Some("is empty".into());
    }
    text.chars()
        .find(|c| c.is_control())
        .map(|c| format!("contains {}", describe(c)))
}

/// True for `ll`, `lll`, `ll_RR` or `ll_999` (an `og:locale`).
pub(super) fn is_locale(locale: &str) -> bool {
    let (language, region) = match locale.split_once('_') {
        Some((l, r)) => (l, Some(r)),
        None => (locale, None),
    };
    is_language_code(language)
        && region.is_none_or(|r| {
            (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
                || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Where `key` is written inside the TOML table at `span` of `text` (its start if not found).
/// The span of a `[[languages]]` table is its header: the table runs to the next header.
pub(super) fn field_offset(text: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    let rest = text.get(span.start..).unwrap_or_default();
    let body = rest.find('\n').map_or(rest.len(), |n| n + 1);
    let end = rest[body..]
        .find("\n[")
        .map_or(rest.len(), |n| body + n + 1)
        .max(span.end - span.start);
    let table = rest.get(..end).unwrap_or(rest);
    table
        .match_indices(key)
        .find(|(at, _)| {
            let before = table[..*at].chars().next_back();
            let after = table[at + key.len()..].trim_start_matches([' ', '\t']);
            before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',')
                && after.starts_with('=')
        })
        .map_or(span.start, |(at, _)| span.start + at)
}

/// True for a language code of two or three lowercase ASCII letters.
pub(super) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// True for a non-empty URL segment of lowercase ASCII letters, digits and inner hyphens.
pub fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
