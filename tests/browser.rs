//! Browser tests in headless Chromium (tests/browser/*.test.mjs, run with Node's test
//! runner and playwright-core): accessibility with axe-core, popovers by mouse, keyboard
//! and touch, emendations and editorial notes, reading without JavaScript, and hostile content
//! (tests/fixtures/hostile) that must never run script.
//!
//! They need Node.js, `npm ci --prefix tests/browser` and Chromium at /usr/bin/chromium
//! (or $CHROMIUM); `.ci/run` installs them. Without them the test is skipped locally and
//! fails under CI.

mod common;
use common::*;
use std::process::Command;

fn ready() -> bool {
    let deps = repo().join("tests/browser/node_modules/playwright-core").is_dir();
    let chromium = std::env::var_os("CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into())
        .exists();
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    match (deps && chromium && node, std::env::var_os("CI").is_some()) {
        (true, _) => true,
        (false, true) => {
            panic!("browser tests need node, tests/browser/node_modules and chromium under CI (.ci/run installs them)")
        }
        (false, false) => {
            eprintln!("skipped: run `npm ci --prefix tests/browser` and install chromium to run the browser tests");
            false
        }
    }
}

#[test]
fn the_edition_works_in_a_browser() {
    if !ready() {
        return;
    }
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .current_dir(repo().join("tests/browser"))
        .env("GLOSS_SITE", real_site())
        .env("GLOSS_BIN", env!("CARGO_BIN_EXE_gloss"))
        .env("GLOSS_FIXTURE", repo().join("tests/fixtures/linked"))
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert!(report.contains("ℹ fail 0"), "{report}");
    assert!(report.contains("ℹ pass 17"), "expected all 17 browser tests to run and pass:\n{report}");
    if let Some(line) = report.lines().find(|l| l.contains("live reload:")) {
        eprintln!("{}", line.trim());
    }
}
