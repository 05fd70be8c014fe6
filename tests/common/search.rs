//! Reads a built site's search index the way `static/search.js` does: `search.json`, the shards
//! of the query's words, the chunks of the results.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// One result: its document number, title, address, kind line and text, and its rank data.
#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: u64,
    pub title: String,
    pub url: String,
    pub kind: String,
    pub text: String,
    pub in_title: bool,
    pub count: u64,
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `search.json` of `lang` in the output `out`.
pub fn manifest(out: &Path, lang: &str) -> Value {
    json(&out.join(lang).join("search.json"))
}

/// Every document of the index of `lang`, in its order: `(title, url, kind, text)`.
pub fn documents(out: &Path, lang: &str) -> Vec<Value> {
    let m = manifest(out, lang);
    let chunk = m["chunk"].as_u64().unwrap();
    let count = m["documents"].as_u64().unwrap();
    (0..count.div_ceil(chunk))
        .flat_map(|n| {
            json(&out.join(lang).join(format!("search/d{n}.json")))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect()
}

/// The documents of `word` (folded) in the index of `lang`, as a prefix when `prefix`: document
/// number to (occurrences, in the title).
pub fn postings(out: &Path, lang: &str, word: &str, prefix: bool) -> BTreeMap<u64, (u64, bool)> {
    let m = manifest(out, lang);
    let shards = m["shards"].as_u64().unwrap() as u32;
    let shard = puente::routes::search_shard(word, shards);
    let shard = json(&out.join(lang).join(format!("search/w{shard}.json")));
    let mut found: BTreeMap<u64, (u64, bool)> = BTreeMap::new();
    for (term, list) in shard.as_object().unwrap() {
        if !(term == word || prefix && term.starts_with(word)) {
            continue;
        }
        let list: Vec<u64> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let mut doc = 0;
        for pair in list.chunks(2) {
            doc += pair[0];
            let had = found.entry(doc).or_default();
            *had = (had.0 + pair[1] / 2, had.1 || pair[1] % 2 == 1);
        }
    }
    found
}

/// The results of `query` in `lang`, best first, as the script ranks them (the last word a prefix).
pub fn search(out: &Path, lang: &str, query: &str) -> Vec<Hit> {
    let folded = deunicode::deunicode(query).to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut hits: Option<BTreeMap<u64, (u64, bool)>> = None;
    for (n, word) in words.iter().enumerate() {
        let found = postings(out, lang, word, n + 1 == words.len() && word.len() > 1);
        hits = Some(match hits {
            None => found,
            Some(before) => before
                .into_iter()
                .filter_map(|(doc, (c, t))| {
                    found.get(&doc).map(|(c2, t2)| (doc, (c + c2, t && *t2)))
                })
                .collect(),
        });
    }
    let documents = documents(out, lang);
    let mut results: Vec<Hit> = hits
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, (count, in_title))| {
            let d = &documents[doc as usize];
            Hit {
                doc,
                title: d["t"].as_str().unwrap().to_string(),
                url: d["u"].as_str().unwrap().to_string(),
                kind: d["k"].as_str().unwrap().to_string(),
                text: d["x"].as_str().unwrap().to_string(),
                in_title,
                count,
            }
        })
        .collect();
    results.sort_by(|a, b| {
        b.in_title
            .cmp(&a.in_title)
            .then(b.count.cmp(&a.count))
            .then(a.doc.cmp(&b.doc))
    });
    results
}
