//! What the commands print. `println!` panics (exit 101) when whoever reads
//! stdout stops early (`proofbook doctor | head`); [`outln!`](crate::outln)
//! ends the program quietly instead, with 141 as a Unix tool stopped by
//! SIGPIPE does. [`errln!`](crate::errln) never stops anything: a warning no
//! one can read is dropped, and a build removing its containers goes on.
//!
//! Restoring SIGPIPE's default action would be shorter, but it would also kill
//! proofbook when the Docker engine closes its Unix socket under a request:
//! those writes fail with EPIPE, as they should, only while SIGPIPE stays
//! ignored (as Rust sets it up).

use std::io::{ErrorKind, Write};

/// Exit code when stdout's reader went away: 128 + SIGPIPE (13), what a shell
/// reports for `yes | head`.
pub(crate) const CLOSED_PIPE_EXIT: i32 = 141;

/// Prints on stdout (`out!`, `outln!`); see the module for a closed pipe.
pub fn stdout(args: std::fmt::Arguments) {
    let written = std::io::stdout().lock().write_fmt(args);
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(CLOSED_PIPE_EXIT),
        Err(e) => {
            // A full disk under `> file`, say: the output is incomplete, so say so (exit 4: unexpected).
            let _ = writeln!(std::io::stderr(), "proofbook: could not write to stdout: {e}");
            std::process::exit(4);
        }
    }
}

/// Prints a line on stderr (`errln!`), dropping it when stderr is gone.
pub(crate) fn stderr_line(args: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

/// `print!` that survives a closed pipe; see [`crate::output`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!($($arg)*))
    };
}

/// `println!` that survives a closed pipe; see [`crate::output`].
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that survives a closed stderr; see [`crate::output`].
#[macro_export]
macro_rules! errln {
    () => {
        $crate::output::stderr_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::stderr_line(format_args!($($arg)*))
    };
}
