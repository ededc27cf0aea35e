//! Progress on stderr (indicatif), shown only when stderr is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar or spinner; invisible when stderr is not a terminal.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A spinner with a message.
    pub fn spinner(msg: &str) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(msg.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Bar { bar }
    }
    /// A bar counting `total` steps of a job, with a message.
    pub fn counter(msg: &str, total: u64) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(total)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({eta})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(msg.to_string());
        Bar { bar }
    }
    /// Advances the bar by `n` steps (callable from several threads).
    pub fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
    /// Changes the message.
    pub fn message(&self, msg: &str) {
        self.bar.set_message(msg.to_string());
    }
    /// Ends and clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl bydel_engine::Progress for Bar {
    fn stage(&self, name: &str, total: Option<u64>) {
        if let Some(t) = total {
            self.bar.set_length(t);
            self.bar.set_position(0);
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:30}] {human_pos}/{human_len} rows ({per_sec})",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
        }
        self.bar.set_message(name.to_string());
    }
    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
