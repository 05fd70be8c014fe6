//! Where each byte of a TOML string's value is written in the file, escapes undone.

/// For the TOML string literal `literal` (basic or literal, one-line or multi-line, quotes
/// included) whose value is `value`: the byte offset in `literal` where each byte of `value` (and
/// its end) is written, escapes, a multi-line string's first newline and line-ending backslashes
/// taken into account. `None` when decoding the literal does not give `value`.
pub(crate) fn toml_string_offsets(literal: &str, value: &str) -> Option<Vec<usize>> {
    // TOML lets a parser write a multi-line string's CRLF as LF: try both readings.
    [false, true]
        .into_iter()
        .filter_map(|crlf_as_lf| decode_toml_string(literal, crlf_as_lf))
        .find(|(decoded, _)| decoded == value)
        .map(|(_, offsets)| offsets)
}

/// The value of the TOML string literal `literal` and the offset in it of each of its bytes.
fn decode_toml_string(literal: &str, crlf_as_lf: bool) -> Option<(String, Vec<usize>)> {
    let delimiter = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|d| literal.starts_with(d) && literal.len() >= 2 * d.len())?;
    let basic = delimiter.starts_with('"');
    let multiline = delimiter.len() == 3;
    let end = literal.len() - delimiter.len();
    let mut i = delimiter.len();
    if multiline {
        if literal[i..].starts_with("\r\n") {
            i += 2;
        } else if literal[i..].starts_with('\n') {
            i += 1;
        }
    }
    let mut decoded = String::with_capacity(end);
    let mut offsets = Vec::with_capacity(end + 1);
    let mut push = |c: char, at: usize, decoded: &mut String| {
        offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
        decoded.push(c);
    };
    while i < end {
        let c = literal.get(i..end)?.chars().next()?;
        if basic && c == '\\' {
            let escaped = literal.get(i + 1..end)?.chars().next()?;
            let hex = |digits: usize| {
                let code = literal.get(i + 2..i + 2 + digits)?;
                char::from_u32(u32::from_str_radix(code, 16).ok()?)
            };
            let (c, len) = match escaped {
                'b' => ('\u{8}', 2),
                't' => ('\t', 2),
                'n' => ('\n', 2),
                'f' => ('\u{c}', 2),
                'r' => ('\r', 2),
                'e' => ('\u{1b}', 2),
                '"' => ('"', 2),
                '\\' => ('\\', 2),
                'x' => (hex(2)?, 4),
                'u' => (hex(4)?, 6),
                'U' => (hex(8)?, 10),
                ' ' | '\t' | '\r' | '\n' if multiline => {
                    // A line-ending backslash: the whitespace and newlines after it go.
                    i += 1;
                    while i < end && matches!(literal.as_bytes()[i], b' ' | b'\t' | b'\r' | b'\n') {
                        i += 1;
                    }
                    continue;
                }
                _ => return None,
            };
            push(c, i, &mut decoded);
            i += len;
            continue;
        }
        if crlf_as_lf && c == '\r' && literal[i..].starts_with("\r\n") {
            i += 1;
            continue;
        }
        push(c, i, &mut decoded);
        i += c.len_utf8();
    }
    offsets.push(end);
    Some((decoded, offsets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_string_offsets_undo_every_escape() {
        for (literal, value) in [
            ("\"a\\tb\\u00e9c\\U0001F600d\\\\e\"", "a\tbéc\u{1F600}d\\e"),
            ("'a\\tb'", "a\\tb"),
            ("\"\"\"\nab \\\n   cd\"\"\"", "ab cd"),
            ("'''\r\nab\r\ncd'''", "ab\ncd"),
            ("\"\"\"\r\nab\r\ncd\"\"\"", "ab\r\ncd"),
        ] {
            let offsets = toml_string_offsets(literal, value).expect(literal);
            assert_eq!(offsets.len(), value.len() + 1, "{literal}");
            // Every plain character of the value sits where it is written.
            for (i, c) in value
                .char_indices()
                .filter(|(_, c)| c.is_ascii_alphabetic())
            {
                assert_eq!(literal[offsets[i]..].chars().next(), Some(c), "{literal}");
            }
        }
        assert!(toml_string_offsets("\"ab\"", "abc").is_none());
    }
}
