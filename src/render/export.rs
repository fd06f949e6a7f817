//! Machine-readable output: the registers as JSON (`people.json`, `events.json`,
//! `places.json`, `glossary.json`) with every date's EDTF string, computed bounds and
//! display form, and `sitemap.xml` and `robots.txt` for search engines.

use crate::load::Content;
use crate::model::edtf::Edtf;
use crate::model::{Entity, Kind};
use crate::output::OutputFile;
use serde_json::{json, Value};

fn date_value(d: &Edtf) -> Value {
    let (a, b) = d.bounds();
    json!({
        "edtf": d.to_string(),
        "earliest": a.map(|x| x.to_string()),
        "latest": b.map(|x| x.to_string()),
        "display": d.display(),
        "approximate": d.is_approximate(),
        "uncertain": d.is_uncertain(),
    })
}

/// Replace EDTF strings in an entity's JSON by objects with bounds.
fn with_dates(e: &Entity, base: &str) -> Value {
    let mut v = match e {
        Entity::Person(p) => serde_json::to_value(p),
        Entity::Event(x) => serde_json::to_value(x),
        Entity::Place(p) => serde_json::to_value(p),
        Entity::Term(t) => serde_json::to_value(t),
    }
    .unwrap_or(Value::Null);
    let obj = match v.as_object_mut() {
        Some(o) => o,
        None => return v,
    };
    match e {
        Entity::Person(p) => {
            obj.insert("born".into(), p.born.as_ref().map_or(Value::Null, date_value));
            obj.insert("died".into(), p.died.as_ref().map_or(Value::Null, date_value));
            let roles: Vec<Value> = p
                .roles
                .iter()
                .map(|r| json!({"role": r.role, "date": r.date.as_ref().map_or(Value::Null, date_value)}))
                .collect();
            obj.insert("roles".into(), Value::Array(roles));
        }
        Entity::Event(ev) => {
            obj.insert("date".into(), ev.date.as_ref().map_or(Value::Null, date_value));
        }
        _ => {}
    }
    obj.insert("url".into(), json!(format!("{base}{}", e.url())));
    obj.retain(|_, v| !v.is_null());
    v
}

/// The four register exports.
pub fn registers(content: &Content) -> Vec<OutputFile> {
    let base = content.config.base_url_slash();
    let reg = &content.registry;
    [
        (Kind::Person, "people.json"),
        (Kind::Event, "events.json"),
        (Kind::Place, "places.json"),
        (Kind::Term, "glossary.json"),
    ]
    .into_iter()
    .map(|(kind, name)| {
        let list: Vec<Value> = reg.of_kind(kind).map(|i| with_dates(&reg.entities[i], &base)).collect();
        let mut bytes = serde_json::to_vec_pretty(&list).unwrap_or_default();
        bytes.push(b'\n');
        OutputFile { path: name.to_string(), bytes }
    })
    .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `sitemap.xml` listing every HTML page except the 404 page, and `robots.txt` pointing
/// to it.
pub fn sitemap(content: &Content, paths: &[String]) -> Vec<OutputFile> {
    let base = content.config.base_url_slash();
    let mut pages: Vec<&str> =
        paths.iter().map(String::as_str).filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    pages.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        let loc = if p == "index.html" { base.clone() } else { format!("{base}{p}") };
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&loc)));
    }
    xml.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
    vec![
        OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() },
        OutputFile { path: "robots.txt".into(), bytes: robots.into_bytes() },
    ]
}
