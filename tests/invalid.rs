//! Bad-input fixtures: each case under tests/fixtures/invalid/ must fail with the errors in its
//! expected.txt, and leave the previous output untouched.

mod common;

use common::{tree_digest, Fixture};

fn check_case(case: &str) {
    let fixture = Fixture::new("basic");
    fixture.build();
    let before = tree_digest(&fixture.out());
    let case_dir = common::repo_root()
        .join("tests/fixtures/invalid")
        .join(case);
    fixture.apply(&case_dir);
    let report = match puente::pipeline::build(fixture.root(), None) {
        Ok(_) => panic!("case `{case}` should fail to build"),
        Err(report) => report.to_string(),
    };
    let expected = std::fs::read_to_string(case_dir.join("expected.txt")).unwrap();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            report.contains(line.trim()),
            "case `{case}`: expected\n  {line}\nin the report:\n{report}"
        );
    }
    assert_eq!(
        before,
        tree_digest(&fixture.out()),
        "case `{case}`: the previous output changed"
    );
}

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_case($dir);
            }
        )*

        #[test]
        fn every_fixture_folder_has_a_test() {
            let listed = [$($dir),*];
            let dir = common::repo_root().join("tests/fixtures/invalid");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(listed.contains(&name.as_str()), "tests/fixtures/invalid/{name} has no test");
            }
        }
    };
}

cases! {
    malformed_toml => "malformed-toml",
    malformed_front_matter => "malformed-front-matter",
    missing_language_section => "missing-language",
    missing_title => "missing-title",
    unknown_kind => "unknown-kind",
    unknown_state => "unknown-state",
    duplicate_slug => "duplicate-slug",
    fluent_message_missing_in_one_language => "fluent-missing",
    fluent_syntax_error => "fluent-syntax",
    template_syntax_error => "template-syntax",
    template_undefined_variable => "template-undefined",
    impossible_date => "impossible-date",
    unknown_level => "bad-advisory",
    state_listed_twice => "duplicate-state",
    every_error_reported_together => "many-errors",
    geojson_incomplete => "geojson-incomplete",
    geojson_invalid_json => "geojson-invalid-json",
    slug_with_a_path => "slug-path",
    slug_absolute => "slug-absolute",
    slugs_colliding_after_normalisation => "slug-normalised",
    title_missing_in_one_language => "missing-title-field",
    unknown_fluent_key_in_a_template => "fluent-key-unknown",
    javascript_and_data_links => "forbidden-link",
    static_file_at_a_page_path => "static-at-page-path",
    markdown_heading_attributes => "markdown-heading-attributes",
    markdown_encoded_schemes => "markdown-encoded-scheme",
    markdown_image_from_another_host => "markdown-remote-image",
    markdown_code_language => "markdown-code-language",
    markdown_footnote_name => "markdown-footnote-name",
    fluent_unknown_reference => "fluent-unknown-reference",
    fluent_kind_label_unusable => "fluent-kind-label",
    template_including_itself => "template-includes-itself",
    templates_including_each_other => "template-include-cycle",
    templates_importing_each_other => "template-import-cycle",
    template_including_a_missing_template => "template-include-missing",
    macro_calling_itself_without_end => "template-recursive-macro",
    template_nested_too_deep => "template-too-deep",
    base_url_with_markup => "base-url-markup",
    base_url_with_a_newline => "base-url-newline",
    base_url_with_a_query => "base-url-query",
    base_url_with_a_password => "base-url-credentials",
    base_url_not_http => "base-url-scheme",
    site_title_with_a_control_character => "site-title-control",
    locale_with_markup => "site-locale-invalid",
    output_dir_empty => "site-output-dir-empty",
    title_without_letters_on_an_event => "slug-empty-event",
    title_without_letters_on_a_page => "slug-empty-page",
    event_slug_a_year => "event-slug-year",
    event_slug_the_page_segment => "event-slug-page",
    event_slug_a_kind_filter => "event-slug-kind",
    page_slug_a_section => "page-slug-section",
    two_pages_one_slug => "page-slug-twice",
    page_in_a_sub_folder => "page-in-subfolder",
    kind_label_without_letters => "kind-label-empty",
    kind_label_taken => "kind-label-taken",
    static_file_at_a_bookkeeping_name => "static-bookkeeping",
    static_file_where_a_folder_must_be => "static-folder-clash",
    static_file_differing_only_in_case => "static-case-clash",
    two_sections_at_one_segment => "section-twice",
    title_making_a_too_long_slug => "slug-too-long",
    two_events_with_one_file_name => "event-id-twice",
    untranslated_item_whose_slug_is_taken_in_the_other_language => "partial-slug-taken",
    slug_a_windows_device_name => "slug-device-name",
    invisible_and_control_characters_in_content => "unusable-character",
    excerpt_not_in_the_reference_text => "excerpt-not-in-reference",
    excerpt_without_reference => "excerpt-without-reference",
    excerpt_without_translation => "excerpt-without-translation",
    excerpt_without_language => "excerpt-without-language",
    excerpt_too_long => "excerpt-too-long",
    excerpt_empty => "excerpt-empty",
    excerpt_translation_in_an_unknown_language => "excerpt-translation-unknown-language",
    excerpt_translation_without_excerpt => "excerpt-translation-without-excerpt",
    source_without_title_or_kind => "source-without-title-or-kind",
    source_of_an_unknown_kind => "source-unknown-kind",
    reference_that_is_a_path => "reference-path",
    reference_file_missing => "reference-missing",
    advisory_note_in_one_language_only => "advisory-note-one-language",
    advisory_note_empty => "advisory-note-empty",
    official_url_that_is_not_https => "official-url-not-https",
    official_language_without_url => "official-language-without-url",
    role_in_one_language_only => "role-one-language",
    role_in_an_unknown_language => "role-unknown-language",
    participant_name_empty => "participant-name-empty",
    participant_with_an_unknown_field => "participant-unknown-field",
    source_language_malformed => "source-language-malformed",
}

#[test]
fn the_binary_exits_non_zero_and_prints_every_error() {
    let fixture = Fixture::invalid("many-errors");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
        .args(["build", "--root"])
        .arg(fixture.root())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("4 errors"), "{stderr}");
    assert!(
        stderr.contains("the previous output was left untouched"),
        "{stderr}"
    );
    assert!(!fixture.out().exists());
}
