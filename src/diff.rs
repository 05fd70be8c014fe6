//! Word-level diff of two texts (crate `similar`, words and punctuation as Unicode segments
//! them), as the desk shows a changed original.

use serde::Serialize;

/// Whether a piece of text is in both versions, only the old one or only the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// In both.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

/// A run of text of one kind (whitespace included, so the pieces of a kind rebuild their text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// Same, removed or added.
    pub kind: Kind,
    /// The words, with the spaces between them.
    pub text: String,
}

/// The word diff from `old` to `new`: consecutive words of one kind joined into one piece.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_unicode_words(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => Kind::Same,
            similar::ChangeTag::Delete => Kind::Removed,
            similar::ChangeTag::Insert => Kind::Added,
        };
        let text = change.value();
        // Spaces between two changed words of one kind stay inside their piece.
        match pieces.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => pieces.push(Piece {
                kind,
                text: text.to_string(),
            }),
        }
    }
    pieces
}

/// `pieces` of the kinds `keep` put back together: `Same` and `Removed` give the old text,
/// `Same` and `Added` the new one.
pub fn text_of(pieces: &[Piece], keep: Kind) -> String {
    pieces
        .iter()
        .filter(|p| p.kind == Kind::Same || p.kind == keep)
        .map(|p| p.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.kind {
                Kind::Same => p.text.clone(),
                Kind::Removed => format!("[-{}-]", p.text),
                Kind::Added => format!("{{+{}+}}", p.text),
            })
            .collect()
    }

    #[test]
    fn marks_the_words_that_changed() {
        let pieces = words(
            "Sheinbaum y Carney hablaron por teléfono.",
            "Sheinbaum y Carney se reunieron en Ottawa.",
        );
        assert_eq!(
            marked(&pieces),
            "Sheinbaum y Carney [-hablaron-]{+se reunieron+} [-por-]{+en+} [-teléfono-]{+Ottawa+}."
        );
    }

    #[test]
    fn the_pieces_give_back_both_texts() {
        let (old, new) = (
            "Uno dos  tres\ncuatro, cinco.",
            "Uno tres\ncuatro y medio, cinco!",
        );
        let pieces = words(old, new);
        assert_eq!(text_of(&pieces, Kind::Removed), old);
        assert_eq!(text_of(&pieces, Kind::Added), new);
    }

    #[test]
    fn same_text_is_one_unchanged_piece_and_empty_sides_are_all_one_kind() {
        assert_eq!(
            words("a b", "a b"),
            [Piece {
                kind: Kind::Same,
                text: "a b".into()
            }]
        );
        assert!(words("", "a b").iter().all(|p| p.kind == Kind::Added));
        assert!(words("a b", "").iter().all(|p| p.kind == Kind::Removed));
        assert!(words("", "").is_empty());
    }
}
