//! CPU time of a process, from Linux's `/proc/…/stat`, for the benches.

/// utime + stime of the process whose stat file is `stat` (`/proc/self/stat`,
/// `/proc/PID/stat`), in seconds (at 100 ticks a second).
pub fn cpu_seconds(stat: &str) -> f64 {
    let stat = std::fs::read_to_string(stat).unwrap_or_default();
    // The fields after the command, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |at: usize| {
        fields
            .get(at)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the 14th and 15th fields of the line, the 12th
    // and 13th after the command.
    (ticks(11) + ticks(12)) / 100.0
}
