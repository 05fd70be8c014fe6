//! What loading refuses in a Fluent file: bad references, duplicates, messages that cannot be formatted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use super::kinds::{kind_problem, KIND_HINT, KIND_PREFIX};
use crate::diagnostic::Diagnostic;

/// True for an error about a reference (to a message, term, function or variable, or to a
/// message without a value): the static check reports those, with their places.
fn is_reference(error: &fluent_bundle::FluentError) -> bool {
    use fluent_bundle::resolver::ResolverError;
    matches!(
        error,
        fluent_bundle::FluentError::ResolverError(
            ResolverError::Reference(_) | ResolverError::NoValue(_)
        )
    )
}

/// Problems that only formatting shows (a message that refers to itself, one that grows past
/// Fluent's limit), each message formatted once with every variable of the file set, and the
/// `kind-*` labels' own rules: each at its message in `path`.
pub(super) fn format_problems(
    bundle: &FluentBundle<FluentResource>,
    path: &Path,
    text: &str,
    ids: &BTreeMap<String, usize>,
    variables: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut args = FluentArgs::new();
    for name in variables {
        args.set(name.clone(), FluentValue::from(1));
    }
    let mut problems = Vec::new();
    // Kind labels by the URL segment they give, to find two kinds at one address.
    let mut kind_slugs: BTreeMap<String, &str> = BTreeMap::new();
    for (id, offset) in ids {
        let Some(message) = bundle.get_message(id) else {
            continue;
        };
        let at = |what: String, hint: &str| {
            Diagnostic::new(path, what)
                .at_offset(text, *offset)
                .hint(hint)
        };
        let mut seen = BTreeSet::new();
        let patterns = message
            .value()
            .into_iter()
            .chain(message.attributes().map(|a| a.value()));
        for pattern in patterns {
            let mut errors = Vec::new();
            bundle.format_pattern(pattern, Some(&args), &mut errors);
            for error in errors.iter().filter(|e| !is_reference(e)) {
                let shown = error.to_string();
                if seen.insert(shown.clone()) {
                    problems.push(at(
                        format!("Fluent message `{id}` cannot be formatted: {shown}"),
                        REFERENCE_HINT,
                    ));
                }
            }
        }
        if id.starts_with(KIND_PREFIX) && seen.is_empty() {
            match kind_problem(bundle, id) {
                Some(what) => problems.push(at(what, KIND_HINT)),
                None => {
                    let mut errors = Vec::new();
                    let label = message
                        .value()
                        .map(|p| bundle.format_pattern(p, None, &mut errors))
                        .unwrap_or_default();
                    let slug = crate::content::slug::slugify(&label);
                    if !errors.is_empty() || slug.is_empty() {
                        // Reported already.
                    } else if slug.bytes().all(|b| b.is_ascii_digit()) {
                        problems.push(at(
                            format!("the kind label `{id}` gives the URL segment `{slug}`, which reads as a year"),
                            KIND_HINT,
                        ));
                    } else if let Some(other) = kind_slugs.insert(slug.clone(), id) {
                        problems.push(at(
                            format!("the kind labels `{other}` and `{id}` give the same URL segment `{slug}`"),
                            "give each kind a different name in this language: each names its own timeline page",
                        ));
                    }
                }
            }
        }
    }
    problems
}

pub(super) const REFERENCE_HINT: &str = "a message may use `{ $variable }` (passed by the template), `{ other-message }` and `{ -term }` defined in the same file; Puente's UI strings have no functions";

/// The byte offset of `part` (a slice of `source`) in `source`.
fn offset_in(source: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(source.as_ptr() as usize)
}

/// The messages and terms a file defines, each with its attributes.
#[derive(Default)]
struct Defined<'r> {
    messages: BTreeMap<&'r str, (bool, BTreeSet<&'r str>)>,
    terms: BTreeMap<&'r str, BTreeSet<&'r str>>,
}

/// Problems of one file's entries found without formatting anything, each at its place: an id
/// defined twice, and a reference to a message, attribute or term the file does not define or
/// to a function (there are none), in any variant.
pub(super) fn static_problems(
    path: &Path,
    resource: &FluentResource,
) -> (Vec<Diagnostic>, BTreeSet<String>) {
    let source = resource.source();
    let _lines = crate::diagnostic::line_scope(source);
    let mut problems = Vec::new();
    let mut defined = Defined::default();
    for entry in resource.entries() {
        let (id, kind, fresh) = match entry {
            ast::Entry::Message(m) => (
                m.id.name,
                "message",
                defined
                    .messages
                    .insert(
                        m.id.name,
                        (
                            m.value.is_some(),
                            m.attributes.iter().map(|a| a.id.name).collect(),
                        ),
                    )
                    .is_none(),
            ),
            ast::Entry::Term(t) => (
                t.id.name,
                "term",
                defined
                    .terms
                    .insert(t.id.name, t.attributes.iter().map(|a| a.id.name).collect())
                    .is_none(),
            ),
            _ => continue,
        };
        if !fresh {
            problems.push(
                Diagnostic::new(path, format!("the Fluent {kind} `{id}` is defined twice"))
                    .at_offset(source, offset_in(source, id))
                    .hint("give each message a unique id: remove or rename this one"),
            );
        }
    }
    let mut variables = BTreeSet::new();
    let mut walker = Walker {
        path,
        source,
        defined: &defined,
        problems: &mut problems,
        variables: &mut variables,
    };
    for entry in resource.entries() {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        value
            .into_iter()
            .chain(attributes.iter().map(|a| &a.value))
            .for_each(|pattern| walker.pattern(pattern));
    }
    (problems, variables)
}

/// Walks the patterns of one file, checking each reference against what the file defines.
struct Walker<'w, 'r> {
    path: &'w Path,
    source: &'r str,
    defined: &'w Defined<'r>,
    problems: &'w mut Vec<Diagnostic>,
    variables: &'w mut BTreeSet<String>,
}

impl<'r> Walker<'_, 'r> {
    fn pattern(&mut self, pattern: &ast::Pattern<&'r str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&'r str>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                variants.iter().for_each(|v| self.pattern(&v.value));
            }
            ast::Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn problem(&mut self, at: &str, message: String) {
        self.problems.push(
            Diagnostic::new(self.path, message)
                .at_offset(self.source, offset_in(self.source, at))
                .hint(REFERENCE_HINT),
        );
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&'r str>) {
        arguments.positional.iter().for_each(|a| self.inline(a));
        arguments.named.iter().for_each(|a| self.inline(&a.value));
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&'r str>) {
        match inline {
            ast::InlineExpression::MessageReference { id, attribute } => {
                match (self.defined.messages.get(id.name), attribute) {
                    (None, _) => self.problem(
                        id.name,
                        format!("`{{ {} }}` names no message of this file", id.name),
                    ),
                    (Some((_, attributes)), Some(a)) if !attributes.contains(a.name) => self
                        .problem(
                            a.name,
                            format!("the message `{}` has no attribute `{}`", id.name, a.name),
                        ),
                    (Some((false, _)), None) => self.problem(
                        id.name,
                        format!("the message `{}` has no value to show here", id.name),
                    ),
                    _ => {}
                }
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                match (self.defined.terms.get(id.name), attribute) {
                    (None, _) => self.problem(
                        id.name,
                        format!("`{{ -{} }}` names no term of this file", id.name),
                    ),
                    (Some(attributes), Some(a)) if !attributes.contains(a.name) => self.problem(
                        a.name,
                        format!("the term `-{}` has no attribute `{}`", id.name, a.name),
                    ),
                    _ => {}
                }
                if let Some(arguments) = arguments {
                    self.arguments(arguments);
                }
            }
            ast::InlineExpression::FunctionReference { id, arguments } => {
                self.problem(
                    id.name,
                    format!("the function `{}()` does not exist here", id.name),
                );
                self.arguments(arguments);
            }
            ast::InlineExpression::VariableReference { id } => {
                self.variables.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }
}
