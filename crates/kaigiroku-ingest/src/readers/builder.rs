//! Accumulates speeches and agenda items while a reader walks a record.

use kaigiroku_core::model::{AgendaItem, Meeting, Speaker, Speech, SpeechKind};

/// Builds the agenda and speeches of one meeting in reading order.
#[derive(Default)]
pub struct MeetingBuilder {
    pub meeting: Meeting,
    current_agenda: Option<u32>,
    /// The speech being read, still open for continuation lines.
    open: Option<Speech>,
}

impl MeetingBuilder {
    pub fn new(meeting: Meeting) -> Self {
        MeetingBuilder {
            meeting,
            ..MeetingBuilder::default()
        }
    }

    /// Starts an agenda item; speeches from now on belong to it. A label
    /// seen before (a chair returning to 日程第１) reuses its item.
    pub fn agenda(&mut self, label: &str, title: &str) -> u32 {
        self.close();
        let order = match self.meeting.agenda.iter().find(|item| item.label == label) {
            Some(item) => item.order,
            None => {
                let order = self.meeting.agenda.len() as u32 + 1;
                self.meeting.agenda.push(AgendaItem {
                    order,
                    label: label.to_string(),
                    title: title.to_string(),
                    ..AgendaItem::default()
                });
                order
            }
        };
        self.current_agenda = Some(order);
        order
    }

    /// Records the outcome of the agenda item in force.
    pub fn outcome(&mut self, outcome: &str) {
        if let Some(order) = self.current_agenda
            && let Some(item) = self
                .meeting
                .agenda
                .iter_mut()
                .find(|item| item.order == order)
        {
            item.outcome = Some(outcome.to_string());
        }
    }

    /// Opens a speech; following `append` calls continue it.
    pub fn start(&mut self, kind: SpeechKind, speaker: Option<Speaker>, text: &str) {
        self.close();
        self.open = Some(Speech {
            order: 0,
            agenda: self.current_agenda,
            together: Vec::new(),
            kind,
            speaker,
            text: text.trim().to_string(),
        });
    }

    /// The speaker of the open speech.
    pub fn open_speaker(&self) -> Option<&Speaker> {
        self.open.as_ref().and_then(|s| s.speaker.as_ref())
    }

    /// True when a speech is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Continues the open speech with `line`: on a new line, or joined to the
    /// previous one when a sentence was broken across lines.
    pub fn append(&mut self, line: &str) {
        let Some(speech) = self.open.as_mut() else {
            return;
        };
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        // Lines after a rule are headings (日程第１⏎第36号議案 …): each keeps its line.
        let in_headings = speech.text.rfind(['─', '―']) > speech.text.rfind('。');
        if !speech.text.is_empty() && (ends_sentence(&speech.text) || in_headings) {
            speech.text.push('\n');
        }
        speech.text.push_str(line);
    }

    /// Continues the open speech with `line` on a line of its own. A speech
    /// reopened after narration and still empty takes nothing.
    pub fn append_line(&mut self, line: &str) {
        if let Some(speech) = self.open.as_mut()
            && !speech.text.is_empty()
        {
            speech.text.push('\n');
            speech.text.push_str(line.trim());
        }
    }

    /// Adds a complete speech.
    pub fn add(&mut self, kind: SpeechKind, speaker: Option<Speaker>, text: &str) {
        self.start(kind, speaker, text);
        self.close();
    }

    /// Closes the open speech, dropping it if it has no text.
    pub fn close(&mut self) {
        if let Some(mut speech) = self.open.take() {
            speech.text = speech.text.trim().to_string();
            if !speech.text.is_empty() {
                speech.order = self.meeting.speeches.len() as u32 + 1;
                self.meeting.speeches.push(speech);
            }
        }
    }

    pub fn finish(mut self) -> Meeting {
        self.close();
        self.meeting
    }
}

/// True when `text` ends a sentence or a quotation, so the next line is a
/// new line rather than the rest of a broken sentence.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with([
        '。', '」', '）', ')', '】', '〕', '？', '！', '?', '!', '：', '…',
    ])
}
