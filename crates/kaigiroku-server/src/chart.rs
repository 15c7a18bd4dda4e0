//! Charts drawn on the server as SVG: bars per period, stacked by series,
//! each bar a link to that period's results. Works without JavaScript and
//! scales to the width of a phone.

use std::fmt::Write;

use kaigiroku_query::Trends;
use kaigiroku_query::highlight::escape;

/// Series drawn one by one; the rest are summed as その他.
const MAX_SERIES: usize = 5;
/// Colours of the series, then その他.
const COLOURS: [&str; 6] = [
    "#3b6fb6", "#e07b39", "#3a9a5b", "#b54a8f", "#8a6d3b", "#9a9a9a",
];
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 14.0;

/// The series a chart draws: the largest by name, the rest as その他.
pub fn drawn_series(trends: &Trends) -> Vec<(String, Vec<u64>)> {
    let mut drawn: Vec<(String, Vec<u64>)> = trends
        .series
        .iter()
        .take(MAX_SERIES)
        .map(|s| {
            let name = if s.key.is_empty() {
                "発言".to_string()
            } else {
                s.key.clone()
            };
            (name, s.points.iter().map(|p| p.speeches).collect())
        })
        .collect();
    if trends.series.len() > MAX_SERIES {
        let periods = trends.series[0].points.len();
        let mut rest = vec![0; periods];
        for series in &trends.series[MAX_SERIES..] {
            for (sum, point) in rest.iter_mut().zip(&series.points) {
                *sum += point.speeches;
            }
        }
        drawn.push(("その他".to_string(), rest));
    }
    drawn
}

/// The periods of a trend, in order (every series has the same).
pub fn periods(trends: &Trends) -> Vec<&str> {
    trends
        .series
        .first()
        .map(|s| s.points.iter().map(|p| p.period.as_str()).collect())
        .unwrap_or_default()
}

/// The chart as a table: each period with the values of the drawn series.
pub fn table(trends: &Trends) -> Vec<(String, Vec<u64>)> {
    let drawn = drawn_series(trends);
    periods(trends)
        .into_iter()
        .enumerate()
        .map(|(i, period)| {
            let values = drawn.iter().map(|(_, values)| values[i]).collect();
            (period.to_string(), values)
        })
        .collect()
}

/// The chart of `trends`: `href` gives each period's link.
pub fn bars(trends: &Trends, title: &str, href: impl Fn(&str) -> String) -> String {
    let periods = periods(trends);
    let drawn = drawn_series(trends);
    let totals: Vec<u64> = (0..periods.len())
        .map(|i| drawn.iter().map(|(_, values)| values[i]).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let plot_width = WIDTH - LEFT - 8.0;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let slot = plot_width / periods.len().max(1) as f64;
    let bar = (slot * 0.8).max(1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="group" aria-labelledby="chart-title" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title>"#,
        escape(title)
    );
    // The value axis: zero and the largest bar.
    let baseline = TOP + plot_height;
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{baseline}" x2="{}" y2="{baseline}" stroke="#888"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{baseline}" stroke="#888"/><text x="{}" y="{baseline}" font-size="12" text-anchor="end">0</text><text x="{}" y="{}" font-size="12" text-anchor="end">{max}</text>"##,
        WIDTH - 8.0,
        LEFT - 4.0,
        LEFT - 4.0,
        TOP + 10.0,
    );
    // Label every period when they fit, else every n-th.
    let label_width = if periods.first().is_some_and(|p| p.len() > 4) {
        56.0
    } else {
        40.0
    };
    let every = (periods.len() as f64 / (plot_width / label_width))
        .ceil()
        .max(1.0) as usize;
    for (i, period) in periods.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let _ = write!(
            svg,
            r#"<a href="{}"><title>{}：{} 件</title>"#,
            escape(&href(period)),
            escape(period),
            totals[i]
        );
        let mut y = baseline;
        for (k, (_, values)) in drawn.iter().enumerate() {
            let height = values[i] as f64 / max as f64 * plot_height;
            if height > 0.0 {
                y -= height;
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{height:.1}" fill="{}"/>"#,
                    COLOURS[k.min(COLOURS.len() - 1)]
                );
            }
        }
        // A transparent target the height of the plot, so small bars are easy to tap.
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{TOP}" width="{bar:.1}" height="{plot_height:.1}" fill="transparent"/></a>"#
        );
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{}" font-size="12" text-anchor="middle">{}</text>"#,
                x + bar / 2.0,
                HEIGHT - 10.0,
                escape(period)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The colour of the `k`-th drawn series, for a legend.
pub fn colour(k: usize) -> &'static str {
    COLOURS[k.min(COLOURS.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaigiroku_query::trends::{Interval, Point, Series};

    #[test]
    fn bars_link_their_periods_and_escape_labels() {
        let point = |period: &str, speeches| Point {
            period: period.into(),
            speeches,
            meetings: 1,
        };
        let trends = Trends {
            interval: Interval::Year,
            series: vec![Series {
                key: String::new(),
                points: vec![point("2022", 3), point("2023", 0), point("2024", 6)],
            }],
            total: 9,
        };
        let svg = bars(&trends, "「<保育園>」の発言数", |p| {
            format!("/?q=a&from={p}&until={p}")
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains(r#"<a href="/?q=a&amp;from=2024&amp;until=2024">"#),
            "{svg}"
        );
        assert!(svg.contains("&lt;保育園&gt;"));
        assert_eq!(svg.matches("<a href").count(), 3);
        assert!(svg.contains(">6</text>"), "the axis shows the largest bar");
    }
}
