//! The `kind-*` messages that label event kinds, and what makes a label unusable.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;

/// Prefix of the Fluent messages that label event kinds; their keys are the kinds content may use.
pub const KIND_PREFIX: &str = "kind-";

/// The hint of every problem with a kind label.
pub(super) const KIND_HINT: &str = "write the kind's name in this language with letters or digits, without variables, such as `kind-call = Llamada`: it is shown on every event of the kind and names its timeline page";

/// What makes the label of kind message `id` unusable: no value, a variable (labels are formatted
/// without arguments), or a text without a letter or digit (it gives the kind's URL segment).
pub(super) fn kind_problem(bundle: &FluentBundle<FluentResource>, id: &str) -> Option<String> {
    let message = bundle.get_message(id)?;
    let Some(pattern) = message.value() else {
        return Some(format!("the kind label `{id}` has no value"));
    };
    let mut errors = Vec::new();
    let label = bundle.format_pattern(pattern, None, &mut errors);
    let variable = errors.iter().any(|e| {
        matches!(
            e,
            fluent_bundle::FluentError::ResolverError(
                fluent_bundle::resolver::ResolverError::Reference(
                    fluent_bundle::resolver::errors::ReferenceKind::Variable { .. }
                )
            )
        )
    });
    if variable {
        Some(format!(
            "the kind label `{id}` uses a variable, but kind labels are shown without arguments"
        ))
    } else if !errors.is_empty() {
        // A reference the static check reports.
        None
    } else if label.trim().is_empty() {
        Some(format!("the kind label `{id}` is empty"))
    } else if crate::content::slug::slugify(&label).is_empty() {
        Some(format!(
            "the kind label `{id}` (`{}`) has no letter or digit to make its URL segment from",
            label.chars().take(40).collect::<String>()
        ))
    } else {
        None
    }
}
