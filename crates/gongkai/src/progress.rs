//! The progress bar of long commands (`reindex`, `import`), drawn on standard error.

use std::io::Write;

/// Redraws the bar for `done` of `total`.
pub fn bar(done: usize, total: usize) {
    let width = 30;
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    eprint!(
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        " ".repeat(width - filled)
    );
    let _ = std::io::stderr().flush();
}
