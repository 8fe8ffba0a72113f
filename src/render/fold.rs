//! The handout's short form of a step: on paper a step shows what proves
//! the point, and the lesson page keeps the full text. Long command lines
//! lose their middle (the program and the tail — runtime, image, command —
//! stay), long cells their end, long tables the rows no claim talks about.

use serde::Serialize;

use super::view::StepView;

const CLI_MAX: usize = 96;
const CELL_MAX: usize = 44;
const ROWS_MAX: usize = 5;
const LINES_MAX: usize = 6;

#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Folded {
    pub(crate) cli: String,
    pub(crate) host_cli: Option<String>,
    pub(crate) rows: Vec<Vec<String>>,
    /// Rows of the full table left out here.
    pub(crate) more_rows: usize,
    pub(crate) text: Option<String>,
    /// Lines of output left out here.
    pub(crate) more_lines: usize,
    /// Whether anything was shortened (the page then says the lesson page has it all).
    pub(crate) folded: bool,
}

/// `keep`: words the lesson's claim reasons use (PIDs, process names); table
/// rows holding one of them are what proves the point, so they stay first.
pub(crate) fn fold(step: &StepView, keep: &[String]) -> Folded {
    let mut f = Folded {
        cli: middle(&step.cli, CLI_MAX),
        host_cli: step.host_cli.as_deref().map(|c| middle(c, CLI_MAX)),
        ..Default::default()
    };
    f.folded = f.cli != step.cli || f.host_cli != step.host_cli;
    if let Some(table) = &step.table {
        let mut shown = proving_rows(&table.rows, keep);
        shown.truncate(ROWS_MAX);
        shown.sort();
        f.more_rows = table.rows.len() - shown.len();
        f.rows = shown
            .iter()
            .map(|&i| table.rows[i].iter().map(|c| end(c, CELL_MAX)).collect())
            .collect();
        f.folded |= f.more_rows > 0 || f.rows.iter().flatten().any(|c| c.ends_with('…'));
    }
    if let Some(text) = &step.text {
        let lines: Vec<&str> = text.lines().collect();
        f.more_lines = lines.len().saturating_sub(LINES_MAX);
        let kept: Vec<String> = lines.iter().take(LINES_MAX).map(|l| end(l, CLI_MAX)).collect();
        f.text = Some(kept.join("\n"));
        f.folded |= f.more_lines > 0 || kept.iter().any(|l| l.ends_with('…'));
    }
    f
}

/// Row indices, most telling first: rows with a PID a claim names, then the
/// first row of each process name a claim names, then the rest in table order.
fn proving_rows(rows: &[Vec<String>], keep: &[String]) -> Vec<usize> {
    let named = |w: &str| keep.iter().any(|k| k == w);
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].iter().any(|c| is_number(c) && named(c.trim())))
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let hit = row.iter().map(|c| first_word(c)).find(|w| !is_number(w) && named(w));
        if let Some(w) = hit.filter(|w| !names.contains(w)) {
            names.push(w);
            if !order.contains(&i) {
                order.push(i);
            }
        }
    }
    order.extend((0..rows.len()).filter(|i| !order.contains(i)).collect::<Vec<_>>());
    order
}

fn is_number(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A cell's first token, as a base name (`/usr/bin/runsc-sandbox --root …` → `runsc-sandbox`).
fn first_word(cell: &str) -> &str {
    let first = cell.split_whitespace().next().unwrap_or("");
    first.rsplit(['/', '\\']).next().unwrap_or(first)
}

/// The words of claim reasons a row may be named by.
pub(super) fn names_in_reasons(reasons: &[&str]) -> Vec<String> {
    let mut w: Vec<String> = reasons
        .iter()
        .flat_map(|r| r.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    w.sort();
    w.dedup();
    w
}

fn middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head = max * 2 / 5;
    let tail = max - head - 1;
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(n - tail).collect();
    format!("{start}…{end}")
}

fn end(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let kept: String = s.chars().take(max - 1).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::view::Table;

    fn step(cli: &str, rows: Vec<Vec<String>>) -> StepView {
        StepView {
            id: "s".into(),
            action: "host_processes".into(),
            cli: cli.into(),
            host_cli: None,
            status: "ok".into(),
            status_reason: None,
            duration: None,
            table: Some(Table {
                head: vec!["PID".into(), "Name".into()],
                rows,
            }),
            caption: None,
            text: None,
            task: None,
            exercise: false,
            yours: false,
            cut: vec![],
            fold: None,
        }
    }

    #[test]
    fn long_lines_keep_their_ends_and_rows_a_claim_names_stay() {
        let cli = format!(
            "docker run -d --name {} --runtime=runsc busybox sleep 3600",
            "x".repeat(200)
        );
        let rows: Vec<Vec<String>> = (1..=12)
            .map(|i| {
                vec![
                    format!("{}", 100 + i),
                    if i == 11 {
                        "runsc-sandbox".into()
                    } else {
                        "sleep".into()
                    },
                ]
            })
            .collect();
        // Every row is a `sleep`, one is the PID the claim compared, one the worker it counted.
        let keep = names_in_reasons(&["`sleep` as PID 104; host table has 1 `runsc-sandbox`, 3 `sleep`"]);
        let f = fold(&step(&cli, rows), &keep);
        assert!(f.cli.starts_with("docker run -d --name x") && f.cli.ends_with("--runtime=runsc busybox sleep 3600"));
        assert_eq!(f.cli.chars().count(), CLI_MAX);
        assert_eq!(f.rows.len(), ROWS_MAX);
        assert_eq!(f.more_rows, 12 - ROWS_MAX);
        assert!(f.rows.iter().any(|r| r[1] == "runsc-sandbox"), "{:?}", f.rows);
        assert!(f.rows.iter().any(|r| r[0] == "104"), "{:?}", f.rows);
        assert!(f.folded);

        let short = fold(&step("docker top c", vec![vec!["1".into(), "sleep".into()]]), &[]);
        assert!(!short.folded && short.more_rows == 0 && short.cli == "docker top c");
    }
}
