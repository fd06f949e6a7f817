//! How long each stage of a build took, for `--timings` and the benchmark.

use std::time::{Duration, Instant};

/// How long each stage took.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// Stage name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Time spent building and rendering each kind of page (by template), summed over the
    /// threads that did it.
    pub per_template: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Run `f`, recording how long it took as stage `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push((name, start.elapsed()));
        out
    }

    /// One line: `load 12.3 ms · validate 0.4 ms · ...`.
    pub fn summary(&self) -> String {
        self.stages
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// One line: `thread time per template: chapter.html 1234.5 ms · entity.html ...`.
    pub fn per_template_summary(&self) -> String {
        let parts: Vec<String> =
            self.per_template.iter().map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0)).collect();
        format!("thread time per template: {}", parts.join(" · "))
    }
}
