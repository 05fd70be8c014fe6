//! The desk's words, in Fluent: `es.ftl` and `en.ftl` beside this file, built into the binary
//! (the desk is Puente's own page, never the site's, so its strings are not the project's).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The languages the desk speaks, the first being the one it falls back to.
pub const LANGUAGES: [&str; 2] = ["es", "en"];

/// The Fluent source of `language`'s strings.
fn source(language: &str) -> &'static str {
    match language {
        "en" => include_str!("en.ftl"),
        _ => include_str!("es.ftl"),
    }
}

/// The desk's strings in one language.
pub struct Strings {
    bundle: FluentBundle<FluentResource>,
    /// The language code (`es`).
    pub language: &'static str,
}

impl Strings {
    /// The strings of `language`, or of the first desk language if the desk does not speak it.
    pub fn new(language: &str) -> Strings {
        let language = LANGUAGES
            .into_iter()
            .find(|l| *l == language)
            .unwrap_or(LANGUAGES[0]);
        let id: unic_langid::LanguageIdentifier = language.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(source(language).to_string())
            .unwrap_or_else(|(resource, _)| resource);
        // The files are Puente's own, checked by the tests below: nothing can clash.
        let _ = bundle.add_resource(resource);
        Strings { bundle, language }
    }

    /// The message `id`.
    pub fn get(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// The message `id` with its arguments; the id itself if there is no such message.
    pub fn with(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;

    fn ids(language: &str) -> Vec<String> {
        let resource = fluent_syntax::parser::parse(source(language)).expect("valid Fluent");
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_parse_and_define_the_same_messages() {
        assert_eq!(ids("es"), ids("en"));
        assert!(ids("es").len() > 30);
    }

    #[test]
    fn messages_format_in_both_languages_and_unknown_ones_show_their_id() {
        let es = Strings::new("es");
        let en = Strings::new("en");
        assert_eq!(es.get("desk-title"), "Mesa de edición");
        assert_eq!(en.get("desk-title"), "Editor's desk");
        let count = |n: i64| [("count", FluentValue::from(n))];
        assert!(en
            .with("desk-build-failed", &count(1))
            .contains("one error"));
        assert!(en.with("desk-build-failed", &count(3)).contains("3 errors"));
        assert_eq!(
            es.with("desk-field", &[("name", "summary".into())]),
            "Resumen"
        );
        assert_eq!(
            en.with("desk-field", &[("name", "note MX-CHH".into())]),
            "note MX-CHH"
        );
        assert_eq!(Strings::new("fr").language, "es");
        assert_eq!(en.get("desk-no-such-message"), "desk-no-such-message");
    }
}
