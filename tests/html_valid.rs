//! Every generated page is valid HTML according to the Nu Html Checker (vnu).
//!
//! The checker is a Java program from the npm package `vnu-jar`; `.ci/run` installs it and
//! sets `VNU_JAR`. Without it this test is skipped locally, but fails under CI.

mod common;
use common::*;
use std::process::Command;

fn vnu_jar() -> Option<String> {
    match std::env::var("VNU_JAR") {
        Ok(j) if std::path::Path::new(&j).exists() => Some(j),
        _ if std::env::var_os("CI").is_some() => panic!("VNU_JAR must point at vnu.jar under CI (.ci/run installs it)"),
        _ => {
            eprintln!("skipped: set VNU_JAR to vnu.jar (npm install --ignore-scripts vnu-jar) to validate HTML");
            None
        }
    }
}

fn validate(dir: &std::path::Path) {
    let Some(jar) = vnu_jar() else { return };
    let out = Command::new("java")
        .args(["-jar", &jar, "--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(dir)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.trim().is_empty(), "the Nu Html Checker found errors:\n{report}");
}

#[test]
fn the_real_edition_is_valid_html() {
    let site = real_site();
    assert!(files(site).iter().filter(|f| f.ends_with(".html")).count() >= 4);
    validate(site);
}

#[test]
fn the_fixture_edition_is_valid_html() {
    let out = temp_dir("vnu-minimal").join("output");
    build(&repo().join("tests/fixtures/minimal"), &out);
    validate(&out);
}
