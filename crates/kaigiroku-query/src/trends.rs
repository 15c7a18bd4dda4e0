//! Trends: how often a search's speeches came up per year or month, and in
//! how many meetings, optionally one series per municipality, body,
//! category, position or speaker. Counted from the fast fields in one pass
//! over the result set; every period between the first and the last is
//! present, as zeros where nothing matched.

use std::collections::{BTreeMap, HashMap, HashSet};

use kaigiroku_core::schema::field;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::request::SearchRequest;
use crate::searcher::Searcher;

/// The period label of speeches from meetings without a date.
pub const UNDATED: &str = "日付なし";

/// How long a period is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    #[default]
    Year,
    Month,
}

impl Interval {
    pub const ALL: [Interval; 2] = [Interval::Year, Interval::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Year => "year",
            Interval::Month => "month",
        }
    }

    /// The period of a yyyymmdd key: 2023, or 2023-07 as 202307.
    fn period(self, date_key: u64) -> u64 {
        match self {
            Interval::Year => date_key / 10_000,
            Interval::Month => date_key / 100,
        }
    }

    /// The period after `period`.
    fn next(self, period: u64) -> u64 {
        match self {
            Interval::Year => period + 1,
            Interval::Month if period % 100 >= 12 => (period / 100 + 1) * 100 + 1,
            Interval::Month => period + 1,
        }
    }

    /// 2023, or 2023-07.
    fn label(self, period: u64) -> String {
        match self {
            Interval::Year => period.to_string(),
            Interval::Month => format!("{}-{:02}", period / 100, period % 100),
        }
    }
}

/// What a trend may be split by: a keyword field of every speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    Municipality,
    Body,
    Category,
    Position,
    Speaker,
}

impl Split {
    pub const ALL: [Split; 5] = [
        Split::Municipality,
        Split::Body,
        Split::Category,
        Split::Position,
        Split::Speaker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Split::Municipality => "municipality",
            Split::Body => "body",
            Split::Category => "category",
            Split::Position => "position",
            Split::Speaker => "speaker",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Split::Municipality => field::MUNICIPALITY,
            Split::Body => field::BODY,
            Split::Category => field::SPEAKER_CATEGORY,
            Split::Position => field::SPEAKER_POSITION,
            Split::Speaker => field::SPEAKER_NAME,
        }
    }
}

crate::request::named!(Interval, Interval::ALL);
crate::request::named!(Split, Split::ALL);

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Point {
    /// 2023, 2023-07, or [`UNDATED`].
    pub period: String,
    pub speeches: u64,
    pub meetings: u64,
}

/// The points of one value of the split (or of the whole search).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    /// The split's value; empty for the whole search unsplit.
    pub key: String,
    pub points: Vec<Point>,
}

impl Series {
    pub fn speeches(&self) -> u64 {
        self.points.iter().map(|p| p.speeches).sum()
    }
}

/// Every series of a trend, the largest first; their points add up to
/// `total`, the search's number of speeches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trends {
    pub interval: Interval,
    pub series: Vec<Series>,
    pub total: u64,
}

impl Searcher {
    /// The trend of `request`'s speeches per `interval`, one series per
    /// value of `split` (speeches without one form the series "").
    pub fn trends(
        &self,
        request: &SearchRequest,
        interval: Interval,
        split: Option<Split>,
    ) -> Result<Trends> {
        let plan = self.plan(request)?;
        let collector = TrendCollector {
            interval,
            split: split.map(Split::field),
        };
        let counts = self.reader.searcher().search(&plan.query, &collector)?;
        Ok(trends_of(counts, interval))
    }
}

impl Searcher {
    /// One series per search, keyed by its label (`q=保育園&q=待機児童`
    /// compares two words), over the same periods.
    pub fn compare_trends(
        &self,
        searches: &[(String, SearchRequest)],
        interval: Interval,
    ) -> Result<Trends> {
        let collector = TrendCollector {
            interval,
            split: None,
        };
        let mut counts = Counts::new();
        for (label, request) in searches {
            let plan = self.plan(request)?;
            for ((_, period), found) in self.reader.searcher().search(&plan.query, &collector)? {
                counts.insert((label.clone(), period), found);
            }
        }
        let mut trends = trends_of(counts, interval);
        // The searches' own order, and every search even when it found nothing.
        let order = |key: &str| searches.iter().position(|(label, _)| label == key);
        trends.series.sort_by_key(|s| order(&s.key));
        for (label, _) in searches {
            if !trends.series.iter().any(|s| &s.key == label) {
                let points = trends.series.first().map_or_else(Vec::new, |s| {
                    s.points
                        .iter()
                        .map(|p| Point {
                            speeches: 0,
                            meetings: 0,
                            ..p.clone()
                        })
                        .collect()
                });
                let at = order(label)
                    .unwrap_or(trends.series.len())
                    .min(trends.series.len());
                trends.series.insert(
                    at,
                    Series {
                        key: label.clone(),
                        points,
                    },
                );
            }
        }
        Ok(trends)
    }
}

/// (speeches, meeting ids) per (series key, period; 0 for undated).
type Counts = HashMap<(String, u64), (u64, HashSet<String>)>;

fn trends_of(counts: Counts, interval: Interval) -> Trends {
    let dated: Vec<u64> = counts.keys().map(|(_, p)| *p).filter(|p| *p > 0).collect();
    let undated = counts.keys().any(|(_, p)| *p == 0);
    let mut periods = Vec::new();
    if let (Some(&first), Some(&last)) = (dated.iter().min(), dated.iter().max()) {
        let mut period = first;
        while period <= last {
            periods.push(period);
            period = interval.next(period);
        }
    }
    if undated {
        periods.push(0);
    }
    let mut by_key: BTreeMap<String, HashMap<u64, (u64, u64)>> = BTreeMap::new();
    for ((key, period), (speeches, meetings)) in counts {
        by_key
            .entry(key)
            .or_default()
            .insert(period, (speeches, meetings.len() as u64));
    }
    let mut series: Vec<Series> = by_key
        .into_iter()
        .map(|(key, found)| Series {
            key,
            points: periods
                .iter()
                .map(|period| {
                    let (speeches, meetings) = found.get(period).copied().unwrap_or((0, 0));
                    Point {
                        period: match period {
                            0 => UNDATED.to_string(),
                            p => interval.label(*p),
                        },
                        speeches,
                        meetings,
                    }
                })
                .collect(),
        })
        .collect();
    series.sort_by(|a, b| b.speeches().cmp(&a.speeches()).then(a.key.cmp(&b.key)));
    let total = series.iter().map(Series::speeches).sum();
    Trends {
        interval,
        series,
        total,
    }
}

struct TrendCollector {
    interval: Interval,
    split: Option<&'static str>,
}

struct TrendSegmentCollector {
    interval: Interval,
    dates: Column<u64>,
    meetings: Option<StrColumn>,
    split: Option<StrColumn>,
    /// Per (split ordinal or u64::MAX for none, period): speeches and
    /// meeting ordinals.
    found: HashMap<(u64, u64), (u64, HashSet<u64>)>,
}

impl Collector for TrendCollector {
    type Fruit = Counts;
    type Child = TrendSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TrendSegmentCollector> {
        let fast = segment.fast_fields();
        let split = match self.split {
            Some(name) => fast.str(name)?,
            None => None,
        };
        Ok(TrendSegmentCollector {
            interval: self.interval,
            dates: fast.u64(field::DATE_KEY)?,
            meetings: fast.str(field::MEETING_ID)?,
            split,
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Counts>>) -> tantivy::Result<Counts> {
        let mut merged = Counts::new();
        for fruit in fruits {
            for (key, (speeches, meetings)) in fruit? {
                let entry = merged.entry(key).or_default();
                entry.0 += speeches;
                entry.1.extend(meetings);
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for TrendSegmentCollector {
    type Fruit = tantivy::Result<Counts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let period = self
            .dates
            .first(doc)
            .filter(|key| *key > 0)
            .map_or(0, |key| self.interval.period(key));
        let split = self
            .split
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let entry = self.found.entry((split, period)).or_default();
        entry.0 += 1;
        if let Some(meeting) = self.meetings.as_ref().and_then(|c| c.term_ords(doc).next()) {
            entry.1.insert(meeting);
        }
    }

    fn harvest(self) -> tantivy::Result<Counts> {
        let text = |column: Option<&StrColumn>, ord: u64| -> tantivy::Result<String> {
            let mut text = String::new();
            if let Some(column) = column
                && ord != u64::MAX
            {
                column.ord_to_str(ord, &mut text)?;
            }
            Ok(text)
        };
        let mut counts = Counts::new();
        for ((split, period), (speeches, meetings)) in self.found {
            let key = text(self.split.as_ref(), split)?;
            let entry = counts.entry((key, period)).or_default();
            entry.0 += speeches;
            for meeting in meetings {
                entry.1.insert(text(self.meetings.as_ref(), meeting)?);
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_run_without_gaps_and_undated_comes_last() {
        let mut counts = Counts::new();
        let meetings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect();
        counts.insert(("".into(), 202311), (3, meetings(&["a", "b"])));
        counts.insert(("".into(), 202402), (1, meetings(&["c"])));
        counts.insert(("".into(), 0), (2, meetings(&["d"])));
        let trends = trends_of(counts, Interval::Month);
        let periods: Vec<&str> = trends.series[0]
            .points
            .iter()
            .map(|p| p.period.as_str())
            .collect();
        assert_eq!(
            periods,
            ["2023-11", "2023-12", "2024-01", "2024-02", UNDATED]
        );
        assert_eq!(trends.total, 6);
        assert_eq!(trends.series[0].points[0].meetings, 2);
        assert_eq!(trends.series[0].points[1].speeches, 0);
    }
}
