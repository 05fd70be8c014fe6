//! The patched dependencies (`[patch.crates-io]`, vendor/README.md) are used, in the site
//! generator and in the fuzz targets alike: a patch Cargo could not apply (a dependency asking for
//! a newer version than the vendored one) would otherwise only print a warning, and every test
//! would pass on the published crate.

use std::path::Path;

/// The `[patch.crates-io]` entries of a manifest: crate name and vendored path.
fn patches(manifest: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    let Some(patch) = value
        .get("patch")
        .and_then(|p| p.get("crates-io"))
        .and_then(|p| p.as_table())
    else {
        return Vec::new();
    };
    patch
        .iter()
        .map(|(name, spec)| {
            let path = spec.get("path").and_then(|p| p.as_str()).unwrap_or("");
            (name.clone(), path.to_string())
        })
        .collect()
}

/// Checks that every patch of `manifest` is what `lock` resolved to.
fn assert_patches_used(manifest: &Path, lock: &Path) {
    let patches = patches(manifest);
    assert!(!patches.is_empty(), "{}: no patches", manifest.display());
    let text = std::fs::read_to_string(lock).unwrap();
    let lock_value: toml::Table = toml::from_str(&text).unwrap();
    assert!(
        lock_value.get("patch").is_none(),
        "{}: Cargo records an unused patch ([[patch.unused]]): a dependency needs a version the \
         vendored crate does not have; update vendor/ (vendor/README.md)",
        lock.display()
    );
    let packages = lock_value["package"].as_array().unwrap();
    for (name, path) in &patches {
        let vendored = manifest.parent().unwrap().join(path).join("Cargo.toml");
        let vendored: toml::Table =
            toml::from_str(&std::fs::read_to_string(&vendored).unwrap()).unwrap();
        let version = vendored["package"]["version"].as_str().unwrap();
        let entries: Vec<_> = packages
            .iter()
            .filter(|p| p["name"].as_str() == Some(name))
            .collect();
        assert!(
            !entries.is_empty(),
            "{}: `{name}` is patched but not in the dependency graph",
            lock.display()
        );
        for entry in entries {
            assert!(
                entry.get("source").is_none() && entry["version"].as_str() == Some(version),
                "{}: `{name}` resolves to {} {}, not the vendored {version} in {path}",
                lock.display(),
                entry["version"],
                entry
                    .get("source")
                    .map_or("(path)".into(), |s| s.to_string()),
            );
        }
    }
}

#[test]
fn every_patch_is_used_by_the_site_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_patches_used(&root.join("Cargo.toml"), &root.join("Cargo.lock"));
}

#[test]
fn the_fuzz_targets_patch_the_same_crates_with_the_same_copies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = patches(&root.join("Cargo.toml"));
    let fuzz: Vec<(String, String)> = patches(&root.join("fuzz/Cargo.toml"))
        .into_iter()
        .map(|(name, path)| (name, path.trim_start_matches("../").to_string()))
        .collect();
    assert_eq!(
        site, fuzz,
        "the [patch.crates-io] of Cargo.toml and fuzz/Cargo.toml differ"
    );
    let fuzz_lock = root.join("fuzz/Cargo.lock");
    if fuzz_lock.exists() {
        assert_patches_used(&root.join("fuzz/Cargo.toml"), &fuzz_lock);
    }
}

/// The guard itself can fail: the lock file Cargo writes when a patch cannot apply.
#[test]
#[should_panic(expected = "unused patch")]
fn an_unused_patch_in_the_lock_file_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("Cargo.lock");
    let mut text = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    text.push_str("\n[[patch.unused]]\nname = \"tera\"\nversion = \"1.20.1\"\n");
    std::fs::write(&lock, text).unwrap();
    assert_patches_used(&root.join("Cargo.toml"), &lock);
}

/// The guard itself can fail: the patched crate resolved from the registry instead.
#[test]
#[should_panic(expected = "not the vendored")]
fn a_patched_crate_from_the_registry_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("Cargo.lock");
    let text = std::fs::read_to_string(root.join("Cargo.lock")).unwrap().replace(
        "name = \"tera\"\nversion = \"1.20.1\"\n",
        "name = \"tera\"\nversion = \"1.20.2\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    );
    std::fs::write(&lock, text).unwrap();
    assert_patches_used(&root.join("Cargo.toml"), &lock);
}
