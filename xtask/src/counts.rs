//! Reading pass/fail counts from the test runners' output, line by line.
//!
//! - libtest (native `cargo test`) and wasm-bindgen-test-runner print, per test binary:
//!   `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s`
//! - `node --test --test-reporter=tap` ends with top-level comments: `# pass 5`, `# fail 1`,
//!   `# cancelled 0` (a cancelled test, e.g. a timeout, counts as failed).

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Libtest,
    Tap,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    /// Summary lines seen. A part with none did not complete, and one whose summaries add up to
    /// no test at all ran nothing: [`Counts::problem`] turns both into a failure.
    pub summaries: u64,
}

impl Counts {
    /// Adds what one line of output says, if it is a summary line.
    pub fn feed(&mut self, format: Format, line: &str) {
        let line = strip_ansi(line);
        match format {
            Format::Libtest => {
                if let Some((passed, failed)) = libtest_summary(&line) {
                    self.passed += passed;
                    self.failed += failed;
                    self.summaries += 1;
                }
            }
            Format::Tap => {
                // Only unindented comments: nested subtests are indented. A test's own console
                // output also becomes `# ...` comments, but node prints its totals once, last,
                // starting with `# tests N`: that line drops whatever was read before it.
                let Some(rest) = line.trim_end().strip_prefix("# ") else {
                    return;
                };
                let Some((key, n)) = rest.split_once(' ') else {
                    return;
                };
                let Ok(n) = n.trim().parse::<u64>() else {
                    return;
                };
                match key {
                    "tests" => *self = Counts::default(),
                    "pass" => {
                        self.passed = n;
                        self.summaries = 1;
                    }
                    "fail" | "cancelled" => self.failed += n,
                    _ => {}
                }
            }
        }
    }

    /// Why these counts cannot be trusted as a pass, if they cannot: no summary line at all (the
    /// runner died or printed something else), or no test executed (a filter that matched
    /// nothing, every test skipped, a runner that found no tests).
    pub fn problem(&self) -> Option<&'static str> {
        if self.summaries == 0 {
            Some("no test summary was printed")
        } else if self.passed + self.failed == 0 {
            Some("no test ran")
        } else {
            None
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.summaries += other.summaries;
    }
}

/// `(passed, failed)` from a libtest summary line (it starts the line; a test that prints
/// "test result: ..." in the middle of its own output is not one).
pub fn libtest_summary(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim_start().strip_prefix("test result: ")?;
    let (_, rest) = rest.split_once(". ")?;
    let mut passed = None;
    let mut failed = None;
    for part in rest.split(';') {
        let mut words = part.split_whitespace();
        let (Some(n), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match what {
            "passed" => passed = Some(n),
            "failed" => failed = Some(n),
            _ => {}
        }
    }
    Some((passed?, failed?))
}

/// Removes ANSI colour escapes (`ESC [ ... m`).
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(format: Format, text: &str) -> Counts {
        let mut c = Counts::default();
        for line in text.lines() {
            c.feed(format, line);
        }
        c
    }

    #[test]
    fn cargo_test_output() {
        let out = "\
running 3 tests
test a ... ok
test b ... FAILED
test c ... ok

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/x.rs (target/debug/deps/x-1)

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests deskset_domain

running 4 tests
test result: ok. 4 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.23s
";
        assert_eq!(
            count(Format::Libtest, out),
            Counts {
                passed: 6,
                failed: 1,
                summaries: 3
            }
        );
    }

    #[test]
    fn summary_text_inside_a_tests_output_is_not_a_summary() {
        let out = "\
---- t stdout ----
note: test result: ok. 50 passed; 0 failed
test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(count(Format::Libtest, out).passed, 1);
    }

    #[test]
    fn runs_that_prove_nothing_are_problems() {
        let nothing = count(
            Format::Libtest,
            "running 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored\n",
        );
        assert_eq!(nothing.problem(), Some("no test ran"));
        assert_eq!(
            count(Format::Libtest, "error: could not compile").problem(),
            Some("no test summary was printed")
        );
        let tap = count(
            Format::Tap,
            "TAP version 13\n1..0\n# tests 0\n# pass 0\n# fail 0\n",
        );
        assert_eq!(tap.problem(), Some("no test ran"));
        assert_eq!(
            count(Format::Tap, "TAP version 13\n").problem(),
            Some("no test summary was printed")
        );
        let ok = count(
            Format::Libtest,
            "test result: ok. 2 passed; 0 failed; 0 ignored\n",
        );
        assert_eq!(ok.problem(), None);
        let failing = count(
            Format::Libtest,
            "test result: FAILED. 0 passed; 2 failed; 0 ignored\n",
        );
        assert_eq!(
            failing.problem(),
            None,
            "failures are counted as failures, not as a problem"
        );
    }

    #[test]
    fn tap_console_noise_before_the_totals_is_ignored() {
        let out = "\
TAP version 13
# pass 40
# fail 0
ok 1 - a
# tests 1
# suites 0
# pass 1
# fail 0
# cancelled 0
";
        assert_eq!(
            count(Format::Tap, out),
            Counts {
                passed: 1,
                failed: 0,
                summaries: 1
            }
        );
    }

    #[test]
    fn coloured_cargo_output() {
        let line = "test result: \u{1b}[32mok\u{1b}[0m. 7 passed; 0 failed; 0 ignored";
        assert_eq!(libtest_summary(&strip_ansi(line)), Some((7, 0)));
    }

    #[test]
    fn wasm_bindgen_test_runner_output() {
        let out = "\
Running headless tests in Chrome on `http://127.0.0.1:39011/`
Try find `webdriver.json` for configure browser's capabilities:
Ok
running 5 tests
test deskset::tests::renders_roles ... ok
test deskset::tests::retry ... FAILED

failures:

---- deskset::tests::retry output ----
    error output:
        panicked at src/lib.rs:10:5

test result: FAILED. 4 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.52s
";
        assert_eq!(
            count(Format::Libtest, out),
            Counts {
                passed: 4,
                failed: 1,
                summaries: 1
            }
        );
    }

    #[test]
    fn node_tap_output() {
        let out = "\
TAP version 13
# Subtest: roles
    # Subtest: lists the roles
    ok 1 - lists the roles
    # pass 99
not ok 2 - plan
1..2
# tests 3
# suites 1
# pass 1
# fail 1
# cancelled 1
# skipped 0
# todo 0
# duration_ms 1200.5
";
        assert_eq!(
            count(Format::Tap, out),
            Counts {
                passed: 1,
                failed: 2,
                summaries: 1
            }
        );
    }

    #[test]
    fn no_summary_means_no_counts() {
        let out = "error[E0425]: cannot find value `x`\nerror: could not compile `deskset`\n";
        assert_eq!(count(Format::Libtest, out), Counts::default());
        assert_eq!(count(Format::Tap, "# tests 0\n"), Counts::default());
    }
}
