## The site’s interface in English. Every message also exists in es.ftl.

language-name = English
language-selection = Language selection
skip-link = Skip to main content
nav-label = Main navigation
nav-home = Home
nav-timeline = Timeline
nav-map = Travel advisory map
date-modified = Date modified
footer-about = A bilingual briefing on security cooperation between Mexico and Canada. Every fact comes from a cited source.
map-credit = Boundaries of the federal entities: Natural Earth (public domain).

## Dates.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-long = { $month } { $day }, { $year }
date-month-year = { $month } { $year }

## Event kinds. A kind exists when both files define kind-<key>.

kind-agreement = Agreement
kind-advisory = Travel advisory
kind-call = Call

## Canada’s travel advisory levels.

level-normal = Take normal security precautions
level-caution = Exercise a high degree of caution
level-avoid-non-essential = Avoid non-essential travel
level-avoid-all = Avoid all travel
level-names-note = The level names, in Spanish and in English, are this site’s own wording of the article’s Spanish, not official wording. The article says:
# The article's own words for the one level it gives (quoted in Spanish on every page).
level-names-source = evitar visitas no esenciales
level-not-listed = Not listed in this advisory
state-count =
    { $count ->
        [one] 1 state
       *[other] { $count } states
    }
entity-count =
    { $count ->
        [one] 1 federal entity
       *[other] { $count } federal entities
    }

## Language choice and 404 pages.

not-found-title = Page not found
not-found-text = We could not find the page you are looking for. Its address may have changed.
not-found-home = Go to the English home page

## Home and timeline.

home-latest = Earlier events
home-newest = Newest event
home-advisory-sources = The advisory’s sources
home-advisory = Most recent travel advisory recorded here
home-advisory-line = { $issuer }, { $date }
see-timeline = See the full timeline
see-map = See the map by federal entity
timeline-intro = Events in security cooperation between Mexico and Canada, newest first.
timeline-empty = There are no events yet.
timeline-filtered = Timeline: { $filter }
timeline-filters = Timeline filters
filter-by-kind = By type:
filter-by-year = By year:
filter-all = All

## Event.

event-kind = Type
event-date = Date
event-people = Participants
event-states = Federal entities concerned
event-advisory = Levels by federal entity
event-quotes = Statements
event-sources = Sources
event-previous = Previous
event-next = Next
event-pagination = Other events
back-to-timeline = Back to the timeline
quote-translation = { $code ->
        [es] Spanish
       *[en] English
    } translation
source-language =
    { $code ->
        [es] in Spanish
        [en] in English
       *[other] in another language
    }
source-kind-news-article = News article
source-kind-official-page = Official page
source-kind-press-release = Press release
source-kind-document = Document
source-not-recorded = Not recorded:
source-field-headline = headline
source-field-publisher = publisher
source-field-date = date
source-excerpt = The passage that supports this item:

## Map, states and advisories.

map-intro = Level of Canada’s travel advisory for each federal entity of Mexico, in the most recent advisory recorded here.
map-svg-title = Map of Mexico showing the level of Canada’s travel advisory by federal entity
map-legend = Legend
map-table-caption = Advisory level by federal entity
map-no-advisory = No travel advisory has been recorded yet.
map-exceptions = Exceptions and notes
map-history = Recorded advisories
table-state = Federal entity
table-level = Level
table-notes = Notes
state-label = { $name }: { $level }
official-advice-intro = To check the current level, see
official-advice-link = the Government of Canada’s official travel advice for Mexico
not-listed-explained = This advisory names no level for this federal entity; that does not mean it is safe.
not-listed-explained-plural = The federal entities not listed in this advisory have no level in it; that does not mean they are safe.
advisory-note = Note:
advisory-issuer = Issuer
advisory-date = Advisory date
advisory-title = Travel advisory of { $date }
advisory-listed = Federal entities the advisory names
advisory-not-listed-note = The other federal entities are not listed in this advisory: it names no level for them, which does not mean they are safe, and the site gives them none.
advisory-changes = Changes since the previous advisory ({ $date })
advisory-changes-none = Changes since the previous advisory
advisory-first = This is the first advisory on record: there is no earlier one to compare it with.
advisory-no-changes = No change of level or notes since the previous advisory.
advisory-previous = Previous advisory
advisory-next = Next advisory
change-added = Added to the advisory
change-removed = Removed from the advisory
change-raised = Level raised
change-lowered = Level lowered
change-note-changed = Notes changed
change-from-to = from “{ $from }” to “{ $to }”
state-current = Level in the most recent advisory recorded here
state-locator = Location of { $name } in Mexico
state-history = History across advisories
state-events = Related events
state-no-events = No timeline event concerns this federal entity.
state-events-more = Showing the { $shown } most recent of { $total } events.
back-to-map = Back to the map

## Search (shown only when search.js runs).

search-label = Search this site
search-results =
    { $count ->
        [0] No results
        [one] 1 result
       *[other] { $count } results
    }
search-kind-state = Federal entity
search-kind-advisory = Travel advisory
search-kind-page = Page

## Items not yet translated (allow_partial_translations).

untranslated-text = This content is not yet available in English.
untranslated-link = Read it in English

## Timeline pages (when a listing is longer than timeline_page_size).

listing-page = { $title }, page { $page }
pagination-label = Timeline pages
pagination-status = Page { $page } of { $pages }
pagination-previous = Newer events
pagination-next = Older events

## Open data: the data page, its downloads and their columns.

nav-data = Open data
data-intro = The timeline’s events and every travel advisory snapshot, as CSV and JSON files to download, with the meaning of each column.
footer-data = Open data (CSV, JSON)
footer-feed = Atom feed
data-downloads = Downloads
data-dataset-events = Events
data-dataset-events-about = One row per published event of the timeline, oldest first, with its text in English.
data-dataset-advisories = Travel advisory by federal entity
data-dataset-advisories-about = One row per advisory snapshot and federal entity ({ $snapshots } snapshots × { $entities } entities), oldest snapshot first, entities in INEGI’s order. An entity that a snapshot does not name has the level “not-listed”, so the history can be charted straight from the file.
data-rows =
    { $count ->
        [one] 1 row
       *[other] { $count } rows
    }
data-columns = Columns
data-column = Column
data-meaning = Meaning
data-format-note = CSV files follow RFC 4180: UTF-8, a header row, comma-separated, quoted where needed. A text that begins with =, +, -, @, a tab or a carriage return begins with an apostrophe in the CSV, so that no spreadsheet takes it for a formula; the JSON files give every text as written. In the CSV, the items of a list are separated by “{ $separator }”; in the JSON they are arrays, and an empty value is null.
data-terms = Sources and terms of reuse
data-terms-content = Every row names where its facts come from: an event lists its sources, and an advisory row links its snapshot’s page, which cites the advisory. The sources’ own terms apply to what is quoted from them. This site does not state a licence of its own for its texts.
data-terms-boundaries = The federal entities’ names and codes go with the boundaries drawn on the map: Natural Earth, in the public domain.
data-modified = The files change whenever the content does; their date modified is the one at the foot of this page, the newest of the events and advisories they hold.
data-col-events-id = The event’s identifier: its file name, stable across languages.
data-col-events-date = The date of the event (YYYY-MM-DD).
data-col-events-updated = The date the entry was last corrected, when it was (YYYY-MM-DD); empty otherwise.
data-col-events-kind = The type of event, as a key (the same in every language).
data-col-events-kind_label = The type of event, as the site names it in this language.
data-col-events-title = The title.
data-col-events-summary = The summary, as plain text.
data-col-events-people = The participants named.
data-col-events-states = The federal entities concerned, as ISO 3166-2 codes (MX-CHH).
data-col-events-url = The event’s page on this site.
data-col-events-sources = The sources, one per line: each one’s address, or its publisher, title and date where it has none, then the passage that supports the event, quoted in the source’s language (in JSON, one object per source: its type, title, publisher, date, address, language, the passage, and the passage in English).
data-col-advisories-snapshot_date = The date of the advisory snapshot (YYYY-MM-DD).
data-col-advisories-issuer = Who issued the advisory.
data-col-advisories-iso_code = The federal entity’s ISO 3166-2 code (MX-CHH).
data-col-advisories-inegi_code = The federal entity’s INEGI code (01 to 32).
data-col-advisories-entity = The federal entity’s name in English.
data-col-advisories-level = The level, as a key: normal, caution, avoid-non-essential, avoid-all, or not-listed.
data-col-advisories-level_label = The level, as the site names it in this language.
data-col-advisories-note = What the snapshot says of this entity, when it says anything.
data-col-advisories-advisory_note = The caveat that goes with the snapshot’s listed entities, on their rows; empty on the others.
data-col-advisories-advisory_url = The snapshot’s page on this site.
data-col-advisories-state_url = The federal entity’s page on this site.
data-col-events-text_language = The language of the title and summary (es, en): this file’s, or the original’s where the event is not translated yet.
data-col-advisories-text_language = The language of the issuer and notes (es, en): this file’s, or the original’s where the snapshot is not translated yet.
