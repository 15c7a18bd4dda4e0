//! Every document of an index, to compare two indexes meeting by meeting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kaigiroku_core::schema::field;
use kaigiroku_core::testing;
use tantivy::schema::Value;
use tantivy::{Index, TantivyDocument};

/// Speech id (or `MEETING (meeting)` for a meeting's own document) →
/// meeting id, for every document of an index.
pub type Contents = BTreeMap<String, String>;

/// Every document of the index, as the server would open it.
pub fn contents(index: &Path) -> Contents {
    kaigiroku_query::Searcher::open(index, testing::analyzer())
        .unwrap_or_else(|err| panic!("the index does not open: {err}"));
    let index = Index::open_in_dir(index).unwrap();
    let schema = index.schema();
    let speech_id = schema.get_field(field::SPEECH_ID).unwrap();
    let meeting_id = schema.get_field(field::MEETING_ID).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut contents = Contents::new();
    let mut documents = 0;
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let document: TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ordinal as u32, doc))
                .unwrap();
            let text = |field| document.get_first(field).and_then(|v| v.as_str());
            let meeting = text(meeting_id).unwrap().to_string();
            // A meeting's own document has no speech id.
            let key =
                text(speech_id).map_or_else(|| format!("{meeting} (meeting)"), str::to_string);
            contents.insert(key, meeting);
            documents += 1;
        }
    }
    assert_eq!(documents, contents.len(), "a speech is in the index twice");
    contents
}

/// Speech ids per meeting.
pub fn meetings(contents: &Contents) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut meetings: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (speech, meeting) in contents {
        meetings.entry(meeting).or_default().insert(speech);
    }
    meetings
}
