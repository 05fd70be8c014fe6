# Strings of the editor's desk of `puente serve` (never published).
desk-title = Editor's desk
desk-intro = What needs attention before publishing, with its file and line. It updates on every rebuild.
desk-other-language = Español
desk-badge = Editor's desk
desk-banner-link = Open the editor's desk
desk-build = Last build
desk-build-ok = The last build had no errors.
desk-build-failed = { $count ->
    [one] The last build failed with one error; the preview shows the last good build.
   *[other] The last build failed with { $count } errors; the preview shows the last good build.
}
desk-hint = Hint:
desk-drafts = Drafts
desk-preview = Preview ({ $language })
desk-todos = TODO placeholders in drafts
desk-todo-at = `TODO` placeholder to fill in
desk-translations = Translations to review
desk-translation-into = { $language ->
    [en] English
    [es] Spanish
   *[other] { $language }
} translation
desk-never-reviewed = Never marked as reviewed.
desk-stale = The original changed since this translation was last reviewed.
desk-no-kept = No reviewed text kept: this translation was reviewed before Puente kept reviewed texts (or never reviewed). Compare the original with the translation.
desk-other-review = The reviewed text kept is not of the review the translation records; compare the original with the translation.
desk-unreadable = The reviewed text cannot be read: { $problem }
desk-changes = What changed in the original since the review
desk-removed = removed:
desk-added = added:
desk-end-change = end of change
desk-texts = The original now and the translation
desk-source-now = Original now
desk-translation = Translation
desk-field = { $name ->
    [title] Title
    [summary] Summary
    [body] Body
    [description] Description
    [issuer] Issuer
    [note] Note
   *[other] { $name }
}
desk-empty-text = (empty)
desk-mark = Mark as reviewed
desk-advisory = Advisory review
desk-advisory-ok = The newest advisory ({ $date }) is { $age } days old; it is due for review by { $due } (every { $days } days).
desk-advisory-overdue = The newest advisory ({ $date }) is { $age } days old: it was due for review on { $due } (every { $days } days). Look for a newer advisory and add it with `puente new advisory`.
desk-advisory-none = No advisory is published.
desk-links = Broken links and anchors
desk-unused = Unused Fluent messages
desk-other = Other errors and warnings of the check
desk-nothing = Nothing here.
desk-done = Review recorded in: { $files }
desk-done-nothing = The review was already recorded; no file changed.
desk-failed = The review could not be recorded:
desk-error = error
desk-warning = warning
