//! The codes of Mexico's 32 federal entities: ISO 3166-2 and INEGI's numbers.

/// How many federal entities the map must have: 31 states and Ciudad de México.
pub const FEDERAL_ENTITIES: usize = 32;

/// The ISO 3166-2:MX codes of the 32 federal entities, in INEGI's order (INEGI code = index + 1).
pub const ISO_CODES: [&str; FEDERAL_ENTITIES] = [
    "MX-AGU", "MX-BCN", "MX-BCS", "MX-CAM", "MX-COA", "MX-COL", "MX-CHP", "MX-CHH", "MX-CMX",
    "MX-DUR", "MX-GUA", "MX-GRO", "MX-HID", "MX-JAL", "MX-MEX", "MX-MIC", "MX-MOR", "MX-NAY",
    "MX-NLE", "MX-OAX", "MX-PUE", "MX-QUE", "MX-ROO", "MX-SLP", "MX-SIN", "MX-SON", "MX-TAB",
    "MX-TAM", "MX-TLA", "MX-VER", "MX-YUC", "MX-ZAC",
];

/// True for one of the 32 ISO codes.
pub(super) fn is_iso_code(code: &str) -> bool {
    ISO_CODES.contains(&code)
}

/// The ISO code INEGI's entity number `inegi` ("08") belongs to.
pub(super) fn iso_for_inegi(inegi: &str) -> Option<&'static str> {
    let n: usize = inegi.parse().ok()?;
    ISO_CODES.get(n.checked_sub(1)?).copied()
}

/// True for an INEGI entity number, `01` to `32`.
pub(super) fn is_inegi_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.parse::<u8>().is_ok_and(|n| (1..=32).contains(&n))
}
