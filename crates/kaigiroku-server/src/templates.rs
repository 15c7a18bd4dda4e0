//! The compiled page templates (minijinja, auto-escaped; only HTML built
//! by the engine's highlighter is marked safe).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, context};

use crate::error::ApiError;

pub struct Pages {
    env: Environment<'static>,
}

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

impl Pages {
    pub fn new() -> Self {
        let mut env = Environment::new();
        // HTML-escape what must be (& < > " '), but leave `/` alone so that
        // links read as written; values marked safe (snippets) pass through.
        env.set_formatter(|out, state, value| {
            let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
            if html && !value.is_safe() && !value.is_none() && !value.is_undefined() {
                out.write_str(&kaigiroku_query::highlight::escape(&value.to_string()))
                    .map_err(minijinja::Error::from)
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        for (name, source) in [
            ("base.html", include_str!("../templates/base.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("meeting.html", include_str!("../templates/meeting.html")),
            ("error.html", include_str!("../templates/error.html")),
            ("speech.html", include_str!("../templates/speech.html")),
            ("agenda.html", include_str!("../templates/agenda.html")),
            ("speaker.html", include_str!("../templates/speaker.html")),
            ("compare.html", include_str!("../templates/compare.html")),
            ("members.html", include_str!("../templates/members.html")),
            (
                "ordinances.html",
                include_str!("../templates/ordinances.html"),
            ),
        ] {
            env.add_template(name, source).expect("templates compile");
        }
        Pages { env }
    }

    /// The page `name` with `ctx`, answered with `status`.
    pub fn render(&self, status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(err) => {
                tracing::error!(error = %err, template = name, "page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "page error").into_response()
            }
        }
    }

    /// The page for a request that failed: `missing` (会議が見つかりません。)
    /// for what does not exist, else the error's own status, logged.
    pub fn failure(&self, err: ApiError, missing: &str) -> Response {
        err.log();
        let (status, _) = err.code();
        let message = match &err {
            ApiError::Engine(kaigiroku_query::Error::NotFound(_)) => missing,
            ApiError::Engine(kaigiroku_query::Error::InvalidParameter { .. }) => {
                "入力を確認してください。"
            }
            _ => "表示できませんでした。時間をおいてもう一度お試しください。",
        };
        self.error(status, message, &err.to_string())
    }

    /// A page that says what went wrong, in Japanese, with a way back.
    pub fn error(&self, status: StatusCode, message: &str, detail: &str) -> Response {
        self.render(
            status,
            "error.html",
            context! { message => message, detail => detail },
        )
    }
}
