//! An engine failure as a record says it: the sentence proofbook writes is a
//! message (English or Korean on the page), the engine's and the registry's
//! own words stay as they were said. Kinds with nothing of proofbook's to say
//! around the engine's words, or that never reach a step, stay plain text.

use super::EngineError;
use crate::messages::{Msg, Text};

impl From<&EngineError> for Text {
    fn from(e: &EngineError) -> Text {
        let msg = match e {
            EngineError::Lost { endpoint, detail } => Msg::EngineLost {
                endpoint: endpoint.clone(),
                detail: detail.clone(),
            },
            EngineError::Timeout { endpoint, secs } => Msg::EngineNoAnswer {
                endpoint: endpoint.clone(),
                secs: secs.to_string(),
            },
            EngineError::NotFound { message } => status(404, message),
            EngineError::Conflict { message } => status(409, message),
            EngineError::Api { status: s, message } => status(*s, message),
            EngineError::Offline => Msg::PullsOff,
            EngineError::NoBusybox => Msg::NoStaticBusybox,
            EngineError::ImageTar(detail) => Msg::BaseImageTar { detail: detail.clone() },
            EngineError::PullTimeout { image, secs } => Msg::PullTookTooLong {
                image: image.clone(),
                secs: secs.to_string(),
            },
            EngineError::NotPulled { image, pull } => Msg::ImageNotPulled {
                image: image.clone(),
                pull: Box::new(pull.as_ref().into()),
            },
            EngineError::NotBuilt { image, pull, build } => Msg::ImageNotBuilt {
                image: image.clone(),
                pull: Box::new(pull.as_ref().into()),
                build: Box::new(build.as_ref().into()),
            },
            other => return Text::Plain(crate::output::in_english(|| other.to_string())),
        };
        msg.into()
    }
}

impl From<EngineError> for Text {
    fn from(e: EngineError) -> Text {
        Text::from(&e)
    }
}

fn status(status: u16, message: &str) -> Msg {
    Msg::EngineStatus {
        status: status.to_string(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    /// The words are proofbook's in both languages; the engine's stay its own.
    #[test]
    fn an_engine_failure_reads_in_the_page_language_with_the_engines_words() {
        let pull = EngineError::Pull("manifest unknown".into());
        let e = EngineError::NotPulled {
            image: "mcr.microsoft.com/windows/servercore:ltsc2025".into(),
            pull: Box::new(pull),
        };
        let t = Text::from(&e);
        // English reads as the error's own Display.
        assert_eq!(t.to_string(), e.to_string());
        let ko = t.plain(Lang::Ko);
        assert!(
            ko.contains("이미지가 엔진에 없고") && ko.contains("manifest unknown"),
            "{ko}"
        );
        let lost = Text::from(EngineError::Lost {
            endpoint: "tcp://winhost:2376".into(),
            detail: "connection reset".into(),
        });
        assert!(
            lost.plain(Lang::Ko).contains("연결이 끊겼습니다"),
            "{}",
            lost.plain(Lang::Ko)
        );
        // The offline base image that cannot be built: proofbook's own sentence, in both languages.
        let built = Text::from(EngineError::NotBuilt {
            image: "busybox".into(),
            pull: Box::new(EngineError::Offline),
            build: Box::new(EngineError::NoBusybox),
        });
        assert_eq!(built.to_string(), built.plain(Lang::En));
        assert!(
            built.plain(Lang::En).contains("busybox-static"),
            "{}",
            built.plain(Lang::En)
        );
        let ko = built.plain(Lang::Ko);
        assert!(
            ko.contains("busybox")
                && ko.contains("찾지 못했습니다")
                && ko.contains("/usr/bin")
                && ko.contains("오프라인 모드"),
            "{ko}"
        );
        assert!(lost
            .to_string()
            .starts_with("lost the Docker engine at tcp://winhost:2376"));
        // Nothing of proofbook's to say: the client's own words, as they were.
        let client = Text::from(EngineError::Client("unexpected EOF".into()));
        assert_eq!(client, Text::Plain("unexpected EOF".into()));
    }
}
