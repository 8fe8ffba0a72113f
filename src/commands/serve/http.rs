//! The web server of `serve` (hyper, HTTP/1.1): the book's files from its
//! folder, and two addresses of its own: `/_proofbook/live.js`, which every
//! HTML page gets, and `/_proofbook/events`, the server-sent events it listens to.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

use super::live::Live;
use crate::messages::{Id, Lang};

type Body = UnsyncBoxBody<Bytes, Infallible>;

const LIVE_JS: &str = include_str!("../../../templates/live.js");
const LIVE_JS_PATH: &str = "/_proofbook/live.js";
const EVENTS_PATH: &str = "/_proofbook/events";

/// Serves connections until the task is dropped (when `serve` ends).
pub(crate) async fn serve(listener: tokio::net::TcpListener, root: PathBuf, live: Live) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (root, live) = (root.clone(), live.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| respond(req, root.clone(), live.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(req: Request<Incoming>, root: PathBuf, live: Live) -> Result<Response<Body>, Infallible> {
    let lang = browser_lang(req.headers());
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(plain(StatusCode::METHOD_NOT_ALLOWED, lang, Id::serve_get_only));
    }
    Ok(match req.uri().path() {
        LIVE_JS_PATH => file_response("text/javascript; charset=utf-8", Bytes::from_static(LIVE_JS.as_bytes())),
        EVENTS_PATH => events(&live),
        path => match book_file(&root, path) {
            Some(file) => page(&file, &live, lang).await,
            None => plain(StatusCode::NOT_FOUND, lang, Id::serve_not_found),
        },
    })
}

/// The language the browser asks for first (`Accept-Language`), if proofbook
/// speaks it; else the terminal's, as serve's other words.
fn browser_lang(headers: &hyper::HeaderMap) -> Lang {
    let asked = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| tag.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match asked {
        Some(tag) if crate::platform::locale::is_korean(&tag) => Lang::Ko,
        Some(tag) if tag == "en" || tag.starts_with("en-") => Lang::En,
        _ => crate::output::lang(),
    }
}

fn full(bytes: Bytes) -> Body {
    Full::new(bytes).boxed_unsync()
}

fn plain(status: StatusCode, lang: Lang, id: Id) -> Response<Body> {
    let text = crate::messages::say(lang, id, &[]);
    let mut r = Response::new(full(Bytes::from(text)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        "text/plain; charset=utf-8".parse().expect("a header value"),
    );
    r
}

fn file_response(content_type: &str, body: Bytes) -> Response<Body> {
    let mut r = Response::new(full(body));
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, content_type.parse().expect("a header value"));
    // The author's next save changes it: never from a cache.
    h.insert(CACHE_CONTROL, "no-store".parse().expect("a header value"));
    r
}

/// The file a URL path names inside the book's folder, or None: `..`, a
/// drive or a root in the path, or a file (or link) that ends up outside the folder.
fn book_file(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut path = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    (real.starts_with(root.canonicalize().ok()?) && real.is_file()).then_some(real)
}

/// `%XX` escapes decoded; None when they do not make UTF-8 or a NUL appears.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains('\0')).then_some(text)
}

/// A file of the book; an HTML page gets the live-reload script, told which book it is from.
async fn page(file: &Path, live: &Live, lang: Lang) -> Response<Body> {
    let Ok(bytes) = tokio::fs::read(file).await else {
        return plain(StatusCode::NOT_FOUND, lang, Id::serve_not_found);
    };
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
    if ext != "html" {
        return file_response(kind, Bytes::from(bytes));
    }
    let html = String::from_utf8_lossy(&bytes);
    let script = format!(
        "<script src=\"{LIVE_JS_PATH}\" data-generation=\"{}\"></script>",
        live.generation()
    );
    let html = match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    };
    file_response(kind, Bytes::from(html))
}

/// The event stream: the state now, then each change of it.
fn events(live: &Live) -> Response<Body> {
    let rx = live.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let snapshot = rx.borrow_and_update().clone();
        let json = serde_json::to_string(&snapshot).unwrap_or_default();
        let frame = Frame::data(Bytes::from(format!("data: {json}\n\n")));
        Some((Ok::<_, Infallible>(frame), (rx, false)))
    });
    let mut r = Response::new(StreamBody::new(stream.boxed()).boxed_unsync());
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, "text/event-stream".parse().expect("a header value"));
    h.insert(CACHE_CONTROL, "no-store".parse().expect("a header value"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_book_are_served() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        std::fs::create_dir_all(root.join("ko")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("ko/a b.html"), "k").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        let real = |p: &str| root.join(p).canonicalize().unwrap();
        assert_eq!(book_file(&root, "/"), Some(real("index.html")));
        assert_eq!(book_file(&root, "/ko/a%20b.html"), Some(real("ko/a b.html")));
        for bad in [
            "/../secret",
            "/ko/../../secret",
            "/%2e%2e/secret",
            "/nope.html",
            "/%zz",
            "/a%00",
        ] {
            assert_eq!(book_file(&root, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
            assert_eq!(book_file(&root, "/link"), None, "a link out of the book");
        }
    }

    fn asking(value: &str) -> hyper::HeaderMap {
        let mut h = hyper::HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, value.parse().unwrap());
        h
    }

    #[test]
    fn the_browsers_first_language_chooses_the_answers_words() {
        assert_eq!(browser_lang(&asking("ko-KR,ko;q=0.9,en-US;q=0.8")), Lang::Ko);
        assert_eq!(browser_lang(&asking("ko")), Lang::Ko);
        assert_eq!(browser_lang(&asking("en-US,ko;q=0.5")), Lang::En);
        // Neither: the terminal's language.
        assert_eq!(browser_lang(&asking("de-DE")), crate::output::lang());
        assert_eq!(browser_lang(&hyper::HeaderMap::new()), crate::output::lang());
    }

    #[tokio::test]
    async fn a_missing_page_is_said_in_that_language() {
        let body = |lang| async move {
            let r = plain(StatusCode::NOT_FOUND, lang, Id::serve_not_found);
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            String::from_utf8(r.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        };
        assert_eq!(body(Lang::Ko).await, "이 책에는 이 주소의 페이지가 없습니다.");
        assert_eq!(body(Lang::En).await, "This book has no page at this address.");
    }
}
