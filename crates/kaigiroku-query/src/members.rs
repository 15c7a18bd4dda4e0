//! An assembly's people as a list (議員・説明員一覧): every person key of
//! the assembly with how much they said, when, in which posts and 会派.

use kaigiroku_core::schema::field;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Order, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::facets::{Facet, FacetCollector, top};
use crate::searcher::{Searcher, stored_text};

/// Posts listed per person, most used first.
const POSTS: usize = 5;

/// How a members' list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberSort {
    /// Most speeches first.
    #[default]
    Speeches,
    /// By reading (name where there is none), あ to ん.
    Name,
    /// Most recent last speech first.
    Last,
    /// Earliest first speech first.
    First,
}

impl std::str::FromStr for MemberSort {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "speeches" => Ok(MemberSort::Speeches),
            "name" => Ok(MemberSort::Name),
            "last" => Ok(MemberSort::Last),
            "first" => Ok(MemberSort::First),
            _ => Err(format!(
                "「{s}」は使えません。speeches, name, last, first のいずれかを指定してください"
            )),
        }
    }
}

/// One person of an assembly's list.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub key: String,
    pub name: String,
    pub yomi: String,
    pub group: String,
    /// The category of their newest speech (member, executive, staff…).
    pub category: String,
    pub speeches: u64,
    /// ISO dates of their first and last speech.
    pub first: String,
    pub last: String,
    /// Their posts, most used first.
    pub posts: Vec<String>,
}

impl Searcher {
    /// Every person of `municipality` (a name or 団体コード), in `sort`
    /// order, `limit` from `offset`; and how many there are.
    pub fn members(
        &self,
        municipality: &str,
        sort: MemberSort,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<Member>)> {
        let municipality = municipality.trim();
        if municipality.is_empty() {
            return Err(Error::invalid(
                "municipality",
                "自治体名か団体コードを指定してください",
            ));
        }
        let searcher = self.reader.searcher();
        let assembly = self.assembly_filter(municipality);
        let keys = searcher.search(
            &*assembly,
            &FacetCollector {
                facets: &[Facet::SpeakerKey],
            },
        )?;
        let all = top(&keys, Facet::SpeakerKey, usize::MAX);
        let total = all.len();
        let mut members: Vec<Member> = if sort == MemberSort::Speeches {
            all.into_iter()
                .skip(offset)
                .take(limit)
                .map(|(key, speeches)| self.member(&searcher, key, speeches))
                .collect::<Result<_>>()?
        } else {
            all.into_iter()
                .map(|(key, speeches)| self.member(&searcher, key, speeches))
                .collect::<Result<_>>()?
        };
        match sort {
            MemberSort::Speeches => return Ok((total, members)),
            MemberSort::Name => members.sort_by(|a, b| {
                let reading = |m: &Member| {
                    if m.yomi.is_empty() {
                        m.name.clone()
                    } else {
                        m.yomi.clone()
                    }
                };
                reading(a).cmp(&reading(b)).then_with(|| a.key.cmp(&b.key))
            }),
            MemberSort::Last => {
                members.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.key.cmp(&b.key)))
            }
            MemberSort::First => {
                members.sort_by(|a, b| a.first.cmp(&b.first).then_with(|| a.key.cmp(&b.key)))
            }
        }
        Ok((
            total,
            members.into_iter().skip(offset).take(limit).collect(),
        ))
    }

    fn member(&self, searcher: &tantivy::Searcher, key: String, speeches: u64) -> Result<Member> {
        let theirs: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.speaker_key, &key),
            IndexRecordOption::Basic,
        ));
        let at = |order| -> Result<Option<TantivyDocument>> {
            let found = searcher.search(
                &*theirs,
                &TopDocs::with_limit(1).order_by_fast_field::<u64>(field::DATE_KEY, order),
            )?;
            found
                .first()
                .map(|(_, address)| searcher.doc(*address))
                .transpose()
                .map_err(Into::into)
        };
        let (Some(newest), Some(oldest)) = (at(Order::Desc)?, at(Order::Asc)?) else {
            return Ok(Member {
                key,
                speeches,
                ..Member::default()
            });
        };
        let posts = searcher.search(
            &BooleanQuery::new(vec![(Occur::Must, theirs.box_clone())]),
            &FacetCollector {
                facets: &[Facet::Position],
            },
        )?;
        let fields = &self.fields;
        let mut name = stored_text(&newest, fields.speaker_display_name);
        if name.is_empty() {
            name = key
                .split_once(':')
                .map_or(key.as_str(), |(_, n)| n)
                .to_string();
        }
        Ok(Member {
            name,
            yomi: stored_text(&newest, fields.speaker_yomi),
            group: stored_text(&newest, fields.speaker_group),
            category: stored_text(&newest, fields.speaker_category),
            speeches,
            first: stored_text(&oldest, fields.date),
            last: stored_text(&newest, fields.date),
            posts: top(&posts, Facet::Position, POSTS)
                .into_iter()
                .map(|(p, _)| p)
                .collect(),
            key,
        })
    }
}
