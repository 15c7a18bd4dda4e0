//! A meeting as tantivy documents: one per speech, one for the meeting.

use kaigiroku_core::analysis::{Analyzer, name_key};
use kaigiroku_core::dates::date_key;
use kaigiroku_core::model::{Meeting, Speech, agenda_id, ordinance_of, speech_id, title_key};
use kaigiroku_core::schema::{AgendaFacts, Fields, MEETING_KIND};
use tantivy::TantivyDocument;

/// The documents of `meeting`, its text analyzed once for both fields.
pub fn meeting_documents(
    meeting: &Meeting,
    digest: &str,
    analyzer: &Analyzer,
    fields: &Fields,
) -> Vec<TantivyDocument> {
    let date_key = date_key(&meeting.date);
    let mut docs = Vec::with_capacity(meeting.speeches.len() + 1);
    docs.push(header_document(meeting, digest, date_key, fields));
    // Each item's title analyzed once, not once per speech under it.
    let titles: Vec<String> = meeting
        .agenda
        .iter()
        .map(|item| analyzer.index_values(&item.title).grams)
        .collect();
    for speech in &meeting.speeches {
        let mut doc = speech_document(meeting, speech, analyzer, fields);
        add_agenda_fields(&mut doc, meeting, speech, &titles, date_key, fields);
        add_meeting_fields(&mut doc, meeting, date_key, fields);
        docs.push(doc);
    }
    docs
}

/// The meeting's own document: the whole record as JSON (without its
/// speeches, which have theirs) and the digest of its source.
fn header_document(
    meeting: &Meeting,
    digest: &str,
    date_key: u64,
    fields: &Fields,
) -> TantivyDocument {
    let mut header = TantivyDocument::default();
    header.add_text(fields.meeting_id, &meeting.id);
    header.add_text(fields.kind, MEETING_KIND);
    let stored = Meeting {
        speeches: Vec::new(),
        ..meeting.clone()
    };
    header.add_text(
        fields.meeting_json,
        serde_json::to_string(&stored).expect("meeting serializes"),
    );
    header.add_text(fields.source_digest, digest);
    for bill in meeting.agenda.iter().filter_map(|item| item.bill.as_ref()) {
        header.add_text(fields.agenda_bill, bill);
    }
    for ordinance in meeting
        .agenda
        .iter()
        .filter_map(|item| ordinance_of(&item.title))
    {
        header.add_text(fields.agenda_ordinance, ordinance);
    }
    for item in meeting.agenda.iter().filter(|item| !item.title.is_empty()) {
        header.add_text(fields.agenda_title_key, title_key(&item.title));
    }
    add_meeting_fields(&mut header, meeting, date_key, fields);
    header.add_u64(fields.order, 0);
    header
}

/// A speech's text, analyzed once for both fields, and its speaker.
fn speech_document(
    meeting: &Meeting,
    speech: &Speech,
    analyzer: &Analyzer,
    fields: &Fields,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(
        fields.speech_id,
        speech_id(&meeting.id, speech.order as u64),
    );
    doc.add_text(fields.meeting_id, &meeting.id);
    doc.add_text(fields.kind, speech.kind.as_str());
    doc.add_u64(fields.order, speech.order as u64);
    doc.add_text(fields.text, &speech.text);
    // One analysis for the three fields; their tokenizers only cut the values.
    let values = analyzer.index_values(&speech.text);
    doc.add_text(fields.text_morpheme, values.morphemes);
    doc.add_text(fields.text_gram, values.grams);
    if !values.numerals.is_empty() {
        doc.add_text(fields.text_numerals, values.numerals);
    }
    let Some(speaker) = &speech.speaker else {
        return doc;
    };
    doc.add_text(fields.speaker_label, &speaker.label);
    if let Some(name) = &speaker.name {
        doc.add_text(fields.speaker_name, name_key(name));
        // The person's full name where the label is resolved to one.
        doc.add_text(
            fields.speaker_display_name,
            speaker.person.as_deref().unwrap_or(name),
        );
    }

    doc.add_text(fields.speaker_category, speaker.category.as_str());
    for (field, value) in [
        (fields.speaker_position, &speaker.position),
        (fields.speaker_group, &speaker.group),
        (fields.speaker_yomi, &speaker.yomi),
        (fields.speaker_role, &speaker.role),
        (fields.speaker_key, &speaker.key),
    ] {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    doc
}

/// Every agenda item in force at a speech: the item in force first (what a
/// hit shows), then those taken with it.
fn add_agenda_fields(
    doc: &mut TantivyDocument,
    meeting: &Meeting,
    speech: &Speech,
    titles: &[String],
    date_key: u64,
    fields: &Fields,
) {
    for (item, title) in speech
        .agenda
        .iter()
        .chain(&speech.together)
        .filter_map(|order| {
            meeting
                .agenda
                .iter()
                .zip(titles)
                .find(|(item, _)| item.order == *order)
        })
    {
        let id = agenda_id(&meeting.id, item.order);
        let outcome = item.outcome.clone().unwrap_or_default();
        let facts = AgendaFacts {
            agenda_id: id.clone(),
            date_key,
            outcome: outcome.clone(),
            body: meeting.body.clone(),
        };
        doc.add_text(fields.agenda_facts, facts.encode());
        doc.add_text(fields.agenda_id, id);
        doc.add_text(fields.agenda_label, &item.label);
        doc.add_text(fields.agenda_title, &item.title);
        doc.add_text(fields.agenda_title_gram, title);
        // One value per item, empty when it has none, so the values of
        // the label, title and outcome fields line up.
        doc.add_text(fields.agenda_outcome, outcome);
    }
}

/// What every document of a meeting carries, its own and its speeches'.
fn add_meeting_fields(
    doc: &mut TantivyDocument,
    meeting: &Meeting,
    date_key: u64,
    fields: &Fields,
) {
    doc.add_text(fields.meeting_title, &meeting.title);
    doc.add_text(fields.body, &meeting.body);
    doc.add_text(fields.municipality, &meeting.municipality);
    if let Some(code) = &meeting.municipality_code {
        doc.add_text(fields.municipality_code, code);
    }
    doc.add_text(fields.date, &meeting.date);
    doc.add_u64(fields.date_key, date_key);
    doc.add_text(fields.format, &meeting.format);
}

#[cfg(test)]
mod tests {
    use kaigiroku_core::model::{Speech, SpeechKind};
    use kaigiroku_core::schema::schema;
    use kaigiroku_core::testing;
    use tantivy::schema::Value;

    use super::*;

    #[test]
    fn every_document_names_its_reader() {
        let (_, fields) = schema();
        let meeting = Meeting {
            id: "121405254X00220241004".into(),
            date: "2024-10-04".into(),
            format: "kokkai".into(),
            speeches: vec![Speech {
                order: 2,
                kind: SpeechKind::Speech,
                text: "これより会議を開きます。".into(),
                ..Speech::default()
            }],
            ..Meeting::default()
        };
        let docs = meeting_documents(&meeting, "digest", &testing::analyzer(), &fields);
        let text = |doc: &TantivyDocument, field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let [header, speech] = docs.as_slice() else {
            panic!("a meeting document and a speech document")
        };
        assert_eq!(text(header, fields.kind).as_deref(), Some(MEETING_KIND));
        assert_eq!(text(speech, fields.kind).as_deref(), Some("speech"));
        assert_eq!(
            text(speech, fields.speech_id).as_deref(),
            Some("121405254X00220241004-2")
        );
        for doc in &docs {
            assert_eq!(text(doc, fields.format).as_deref(), Some("kokkai"));
            assert_eq!(
                doc.get_first(fields.date_key).and_then(|v| v.as_u64()),
                Some(20241004)
            );
        }
    }
}
