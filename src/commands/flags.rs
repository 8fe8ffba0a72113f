//! What the command line's values may be, declared once: the flags several
//! commands share (how containers are obtained and run) and the parsers that
//! refuse a bad number before anything uses it. Each command flattens the
//! groups it takes into its own `Args`; the engine's connection flags are
//! `engine::RemoteOptions` itself. Descriptions, like every command's, come
//! from the message catalogue (`crate::cli`).

use crate::messages::Id;
use crate::output::tr;
use crate::platform::ForcedRuntimes;

/// How containers are obtained and run; shared by every command that starts one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RuntimeFlags {
    /// `--offline`: never pull from a registry.
    #[arg(long)]
    pub offline: bool,
    /// `--process-runtime`: the runtime of `process` isolation instead of the one found.
    #[arg(long)]
    pub process_runtime: Option<String>,
    /// `--sandbox-runtime`: the runtime of `hyperv` (sandbox) isolation instead of the one found.
    #[arg(long)]
    pub sandbox_runtime: Option<String>,
}

impl RuntimeFlags {
    /// Offline by the flag or by `PROOFBOOK_OFFLINE=1`.
    pub fn offline(&self) -> bool {
        self.offline || crate::offline_from_env()
    }

    /// The runtimes the reader chose over the ones proofbook finds.
    pub fn forced(&self) -> ForcedRuntimes {
        ForcedRuntimes {
            process: self.process_runtime.clone(),
            hyperv: self.sandbox_runtime.clone(),
        }
    }
}

/// The longest time limit a step or a trial may have, in seconds.
pub(crate) const MAX_SECONDS: f64 = crate::lesson::MAX_STEP_SECONDS;

/// The shortest: anything less ends every step before it could start.
pub(crate) const MIN_SECONDS: f64 = 0.01;

/// The longest an image pull may be given, in seconds: a day.
pub(crate) const MAX_PULL_SECONDS: f64 = 86_400.0;

/// A command-line value refused; clap shows it after the option's name.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BadValue {
    #[error("{}", tr(Id::bad_seconds, &[("value", .0)]))]
    NotSeconds(String),
    #[error("{}", tr(Id::bad_seconds_range, &[("value", .0), ("min", &MIN_SECONDS.to_string()), ("max", &MAX_SECONDS.to_string())]))]
    Seconds(String),
    #[error("{}", tr(Id::bad_pull_seconds, &[("value", .0), ("max", &MAX_PULL_SECONDS.to_string())]))]
    PullSeconds(String),
    #[error("{}", tr(Id::bad_bytes, &[("value", .0)]))]
    NotBytes(String),
    #[error("{}", tr(Id::bad_bytes_range, &[("value", value), ("min", &MAX_OUTPUT_RANGE.start().to_string()), ("max", &MAX_OUTPUT_RANGE.end().to_string())]))]
    Bytes { value: String },
    #[error("{}", tr(Id::bad_port, &[("value", .0)]))]
    Port(String),
    #[error("{}", tr(Id::bad_address, &[]))]
    Address,
}

/// A time limit given on the command line: a number of seconds from [`MIN_SECONDS`] and
/// at most [`MAX_SECONDS`] (`inf`, `nan`, negatives and 1e300 are refused
/// here, before anything turns them into a `Duration`).
pub(crate) fn parse_seconds(s: &str) -> Result<f64, BadValue> {
    let v: f64 = s.trim().parse().map_err(|_| BadValue::NotSeconds(s.to_string()))?;
    if v.is_finite() && (MIN_SECONDS..=MAX_SECONDS).contains(&v) {
        Ok(v)
    } else {
        Err(BadValue::Seconds(s.to_string()))
    }
}

/// A pull limit: a positive number of seconds, at most a day.
pub(crate) fn parse_pull_seconds(s: &str) -> Result<f64, BadValue> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_PULL_SECONDS => Ok(v),
        _ => Err(BadValue::PullSeconds(s.to_string())),
    }
}

/// Bounds of `--max-output`: enough for any table a lesson reads, and little
/// enough that a build's memory stays small.
pub(crate) const MAX_OUTPUT_RANGE: std::ops::RangeInclusive<usize> = 1024..=(64 << 20);

/// A `--max-output`: a whole number of bytes within [`MAX_OUTPUT_RANGE`].
pub(crate) fn parse_max_output(s: &str) -> Result<usize, BadValue> {
    let v: usize = s.trim().parse().map_err(|_| BadValue::NotBytes(s.to_string()))?;
    if MAX_OUTPUT_RANGE.contains(&v) {
        Ok(v)
    } else {
        Err(BadValue::Bytes { value: s.to_string() })
    }
}

/// A `--port`: 0 to 65535 (0 picks a free one). Said as clap says it in
/// English, and in the catalogue's words in any other language.
pub(crate) fn parse_port(s: &str) -> Result<u16, BadValue> {
    s.trim().parse().map_err(|_| BadValue::Port(s.to_string()))
}

/// A `--bind` address: an IPv4 or IPv6 address.
pub(crate) fn parse_address(s: &str) -> Result<std::net::IpAddr, BadValue> {
    s.parse().map_err(|_| BadValue::Address)
}
