//! An index records the analyzer that wrote it and refuses another.

use kaigiroku_core::Error;
use kaigiroku_core::schema::{IndexStamp, open_index};
use kaigiroku_core::testing::analyzer;
use tantivy::TantivyDocument;

fn commit_with_payload(dir: &std::path::Path, payload: &str) {
    let (index, _) = open_index(dir, &analyzer(), true).unwrap();
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
        .unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(payload);
    prepared.commit().unwrap();
}

#[test]
fn an_index_from_another_analyzer_is_refused_with_a_way_out() {
    let dir = tempfile::tempdir().unwrap();
    commit_with_payload(
        dir.path(),
        &IndexStamp::for_analyzer(&analyzer()).to_payload(),
    );
    assert!(open_index(dir.path(), &analyzer(), false).is_ok());

    let other = IndexStamp {
        analyzer: "kaigiroku-analyzer/0 ipadic-sha256:0000".into(),
    };
    commit_with_payload(dir.path(), &other.to_payload());
    let err = open_index(dir.path(), &analyzer(), false).expect_err("refused");
    assert!(matches!(err, Error::IndexAnalyzerMismatch { .. }));
    let message = err.to_string();
    assert!(
        message.contains("kaigiroku-analyzer/0") && message.contains("re-ingest"),
        "{message}"
    );
}

#[test]
fn a_missing_index_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let err = open_index(&dir.path().join("nothing"), &analyzer(), false).expect_err("missing");
    assert!(err.to_string().contains("kaigiroku ingest"), "{err}");
}

/// An index from before a field was added (`format`) is refused, not read
/// with the field missing: the schema is compared whole.
#[test]
fn an_index_of_another_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut older = tantivy::schema::Schema::builder();
    older.add_text_field("speech_id", tantivy::schema::STRING);
    tantivy::Index::create_in_dir(dir.path(), older.build()).unwrap();
    let err = open_index(dir.path(), &analyzer(), false).expect_err("refused");
    assert!(matches!(err, Error::IndexAnalyzerMismatch { .. }), "{err}");
    assert!(err.to_string().contains("re-ingest"), "{err}");
}
