//! The web page for residents: a search box, filters and results, rendered
//! on the server, escaped everywhere, usable without JavaScript.

use std::collections::HashMap;

use kaigiroku_core::model::Category;

use crate::search::SearchResult;
use crate::snippet::escape;

pub fn render(
    params: &HashMap<String, String>,
    result: Option<&SearchResult>,
    error: Option<&str>,
) -> String {
    let value = |name: &str| escape(params.get(name).map(String::as_str).unwrap_or(""));
    let mut html = String::new();
    html.push_str(r#"<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>会議録検索 kaigiroku</title><style>body{font-family:sans-serif;max-width:52rem;margin:auto;padding:1rem;line-height:1.6}input,select{font-size:1rem;padding:.3rem}mark{background:#ffe066}.hit{border-top:1px solid #ddd;padding:.6rem 0}.meta{color:#555;font-size:.9rem}.error{color:#b00}</style></head><body><h1>会議録検索</h1>"#);
    html.push_str(&format!(
        r#"<form action="/" method="get"><input type="search" name="q" value="{}" placeholder="例：防災 避難所" aria-label="検索語" size="30"> <select name="category" aria-label="発言者の区分"><option value="">発言者の区分（すべて）</option>"#,
        value("q")
    ));
    for category in Category::ALL {
        let selected = if params.get("category").map(String::as_str) == Some(category.as_str()) {
            " selected"
        } else {
            ""
        };
        html.push_str(&format!(
            r#"<option value="{}"{selected}>{}</option>"#,
            category.as_str(),
            category.label_ja()
        ));
    }
    html.push_str(&format!(
        r#"</select> <input name="speaker" value="{}" placeholder="発言者" aria-label="発言者"> <input name="from" value="{}" placeholder="期間（から）例：令和4年" aria-label="期間の始め"> <input name="until" value="{}" placeholder="期間（まで）" aria-label="期間の終わり"> <button type="submit">検索</button></form>"#,
        value("speaker"),
        value("from"),
        value("until")
    ));
    if let Some(error) = error {
        html.push_str(&format!(
            r#"<p class="error">エラー：{}</p>"#,
            escape(error)
        ));
    }
    if let Some(result) = result {
        html.push_str(&format!(
            "<p>{} 件の発言が見つかりました。</p>",
            result.total
        ));
        for hit in &result.hits {
            html.push_str(&format!(
                r#"<div class="hit"><div class="meta">{} {} {} ・ {} {}</div><div><strong>{}</strong>（{}）</div><p>{}</p></div>"#,
                escape(&hit.date),
                escape(&hit.municipality),
                escape(&hit.body),
                escape(&hit.agenda_label),
                escape(&hit.agenda_title),
                escape(&hit.speaker_label),
                escape(&hit.speaker_position),
                hit.snippet
            ));
        }
    }
    html.push_str("</body></html>");
    html
}
