//! Sickness benefit (sygedagpenge): the employer period, the employer's refund, the duration, the
//! municipality's follow-up.

pub mod sygedagpenge_duration;
pub mod sygedagpenge_employer_period;
pub mod sygedagpenge_followup;
pub mod sygedagpenge_refund;

/// Runs a case of the family through the engine, for the schemes' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::engine::Engine;
    use crate::engine::case::{self, Format};
    use crate::render::write_step;
    use crate::source::diag::SourceText;
    use crate::text::Lang;
    use crate::text::format::{canonical, say};

    /// What a computed case shows: its result fields (as JSON writes them), its notes and
    /// each step's label and formula, in English.
    #[derive(Debug)]
    pub struct Shown {
        pub result: Vec<(&'static str, String)>,
        pub notes: Vec<String>,
        pub steps: Vec<(String, String)>,
        /// The steps in Danish.
        pub steps_da: Vec<(String, String)>,
    }

    impl Shown {
        pub fn get(&self, name: &str) -> &str {
            self.result
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("(no such field)", |(_, v)| v.as_str())
        }

        /// The formula of the step whose label starts with `label`.
        pub fn formula(&self, label: &str) -> &str {
            self.steps
                .iter()
                .find(|(l, _)| l.starts_with(label))
                .map_or("(no such step)", |(_, f)| f.as_str())
        }
    }

    /// The case `[input]` of `scheme`, computed; a problem as its message.
    pub fn run(scheme: &str, input: &str) -> Result<Shown, String> {
        let text = format!("scheme = \"{scheme}\"\n[input]\n{input}\n");
        let src = SourceText::new("case.toml", text);
        let case = case::parse(&src, Format::Toml).map_err(|d| {
            d.iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let engine = Engine::bundled().map_err(|_| "the bundled rules".to_string())?;
        let o = engine.calculate(case).map_err(|d| d.message)?;
        let steps = |lang| {
            o.trace
                .iter()
                .map(|s| {
                    let w = write_step(s, lang);
                    (w.label, w.formula)
                })
                .collect()
        };
        Ok(Shown {
            result: o
                .result
                .fields()
                .into_iter()
                .map(|(n, v)| (n, canonical(&v)))
                .collect(),
            notes: o.notes.iter().map(|n| say(n, Lang::En)).collect(),
            steps: steps(Lang::En),
            steps_da: steps(Lang::Da),
        })
    }
}
