//! The NDL's XML: `<data>` with the counts, records under
//! `<records><record><recordData>`, errors under `<diagnostics>`.

use serde_json::Value;

/// The NDL's XML: `<data>` with the counts, records under
/// `<records><record><recordData>`, errors under `<diagnostics>`.
pub fn to_xml(body: &Value) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><data>");
    if let Some(message) = body.get("message") {
        xml.push_str("<diagnostics><diagnostic><message>");
        push_escaped(message.as_str().unwrap_or(""), &mut xml);
        xml.push_str("</message>");
        for detail in body
            .get("details")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            xml.push_str("<details>");
            push_escaped(detail.as_str().unwrap_or(""), &mut xml);
            xml.push_str("</details>");
        }
        xml.push_str("</diagnostic></diagnostics></data>");
        return xml;
    }
    for key in [
        "numberOfRecords",
        "numberOfReturn",
        "startRecord",
        "nextRecordPosition",
    ] {
        match body.get(key) {
            Some(Value::Null) | None => {}
            Some(value) => element(key, value, &mut xml),
        }
    }
    xml.push_str("<records>");
    for key in ["speechRecord", "meetingRecord"] {
        for record in body
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            xml.push_str("<record><recordData>");
            element(key, record, &mut xml);
            xml.push_str("</recordData></record>");
        }
    }
    xml.push_str("</records></data>");
    xml
}

fn element(name: &str, value: &Value, xml: &mut String) {
    match value {
        Value::Array(items) => {
            for item in items {
                element(name, item, xml);
            }
        }
        Value::Object(fields) => {
            xml.push_str(&format!("<{name}>"));
            for (key, value) in fields {
                element(key, value, xml);
            }
            xml.push_str(&format!("</{name}>"));
        }
        Value::Null => xml.push_str(&format!("<{name}></{name}>")),
        Value::String(text) => {
            xml.push_str(&format!("<{name}>"));
            push_escaped(text, xml);
            xml.push_str(&format!("</{name}>"));
        }
        other => xml.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn push_escaped(text: &str, xml: &mut String) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            _ => xml.push(c),
        }
    }
}
