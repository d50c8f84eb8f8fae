//! E-mail updates to a stakeholder who asked for them on the needs form: which events there are
//! and the short message for each, in the language the form was sent in.
use serde::{Deserialize, Serialize};

/// What happened to the need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UpdateKind {
    Accepted,
    Merged,
    Rejected,
    /// The area's programme was published and answers the need (or takes it up in a goal).
    InProgramme,
    /// A measure answering the need was recorded as umgesetzt.
    Implemented,
}

impl UpdateKind {
    pub const ALL: [Self; 5] = [
        Self::Accepted,
        Self::Merged,
        Self::Rejected,
        Self::InProgramme,
        Self::Implemented,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "angenommen",
            Self::Merged => "zusammengefuehrt",
            Self::Rejected => "abgelehnt",
            Self::InProgramme => "im-programm",
            Self::Implemented => "umgesetzt",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The steps of moderation, which an undo takes back (with their waiting messages).
    pub fn is_moderation(self) -> bool {
        matches!(self, Self::Accepted | Self::Merged | Self::Rejected)
    }

    /// German, for the staff pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Accepted => "angenommen",
            Self::Merged => "zusammengefasst",
            Self::Rejected => "abgelehnt",
            Self::InProgramme => "im veröffentlichten Aktionsprogramm",
            Self::Implemented => "Maßnahme umgesetzt",
        }
    }
}

/// What staff see on a need whose submitter asked for e-mail updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatesStatus {
    pub sent: i64,
    pub waiting: i64,
    /// Whether an SMTP server is configured; without one nothing is sent.
    pub mail_enabled: bool,
}

impl UpdatesStatus {
    /// One sentence for the need page.
    pub fn describe(&self) -> String {
        let counts = format!(
            "{} verschickt, {} {}",
            self.sent,
            self.waiting,
            if self.waiting == 1 {
                "wartet"
            } else {
                "warten"
            }
        );
        if self.mail_enabled {
            format!("Die Person hat Nachrichten per E-Mail bestellt ({counts}).")
        } else {
            format!(
                "Die Person hat Nachrichten per E-Mail bestellt ({counts}). Es ist aber kein Mailserver eingerichtet: Es wird nichts verschickt, bis die Betriebsleute --smtp-url setzen."
            )
        }
    }
}

/// The e-mail updates across the city, for the Projektbüro.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTotals {
    pub subscriptions: i64,
    pub waiting: i64,
    pub failed: i64,
    pub mail_enabled: bool,
}

impl MailTotals {
    /// One sentence; `true` when it is a warning (nothing is sent, or messages failed).
    pub fn describe(&self) -> (bool, String) {
        let ordered = format!(
            "{} Person(en) haben Nachrichten per E-Mail zu ihrem Bedarf bestellt",
            self.subscriptions
        );
        if !self.mail_enabled {
            return (
                self.subscriptions > 0,
                format!("{ordered}. Es ist kein Mailserver eingerichtet (--smtp-url): Es wird nichts verschickt."),
            );
        }
        let failed = match self.failed {
            0 => String::new(),
            n => format!(
                " {n} Nachricht(en) konnten nach mehreren Versuchen nicht zugestellt werden; das Server-Protokoll nennt den Grund."
            ),
        };
        (
            self.failed > 0,
            format!(
                "{ordered}; {} Nachricht(en) warten auf den Versand.{failed}",
                self.waiting
            ),
        )
    }
}

/// What a message names besides the need: the reason of a rejection, the measures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDetail {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
}

/// What the message is about and where its links go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFacts<'a> {
    pub kind: UpdateKind,
    pub detail: &'a UpdateDetail,
    /// "de", "en", "tr" or "ar"; anything else gets German.
    pub language: &'a str,
    pub reference: &'a str,
    /// As the submitter wrote it.
    pub title: &'a str,
    pub area: &'a str,
    pub tracking_url: &'a str,
    pub unsubscribe_url: &'a str,
}

/// A plain-text e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateMessage {
    pub subject: String,
    pub body: String,
}

/// The sentences of one language.
struct Wording {
    subject: fn(UpdateKind) -> &'static str,
    greeting: &'static str,
    event: fn(&UpdateFacts) -> String,
    yours: &'static str,
    trail: &'static str,
    why: &'static str,
    signature: &'static str,
}

fn quoted_list(items: &[String], open: &str, close: &str) -> String {
    items
        .iter()
        .map(|m| format!("{open}{m}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const GERMAN: Wording = Wording {
    subject: |kind| match kind {
        UpdateKind::Accepted => "Ihr Bedarf wurde angenommen",
        UpdateKind::Merged => "Ihr Bedarf wurde mit ähnlichen zusammengefasst",
        UpdateKind::Rejected => "Ihr Bedarf wird nicht aufgegriffen",
        UpdateKind::InProgramme => "Ihr Bedarf steht im Aktionsprogramm",
        UpdateKind::Implemented => "Eine Maßnahme zu Ihrem Bedarf ist umgesetzt",
    },
    greeting: "Guten Tag,",
    event: |f| match f.kind {
        UpdateKind::Accepted => format!(
            "die Aktionsraumbeauftragten haben Ihren Bedarf angenommen. Er fließt in die Arbeit am Aktionsprogramm für {} ein.",
            f.area
        ),
        UpdateKind::Merged => format!(
            "Ihr Bedarf wurde mit ähnlichen Meldungen zusammengefasst. Gemeinsam mit ihnen fließt er in die Arbeit am Aktionsprogramm für {} ein.",
            f.area
        ),
        UpdateKind::Rejected => format!(
            "Ihr Bedarf wird im Aktionsprogramm für {} nicht aufgegriffen. Die Begründung: „{}“",
            f.area, f.detail.reason
        ),
        UpdateKind::InProgramme if f.detail.measures.is_empty() => format!(
            "das Aktionsprogramm für {} ist veröffentlicht. Ihr Bedarf ist in einem seiner Ziele aufgegriffen.",
            f.area
        ),
        UpdateKind::InProgramme => format!(
            "das Aktionsprogramm für {} ist veröffentlicht. Ihren Bedarf greift es mit dieser Maßnahme auf: {}",
            f.area,
            quoted_list(&f.detail.measures, "„", "“")
        ),
        UpdateKind::Implemented => format!(
            "die Maßnahme {}, die Ihren Bedarf aufgreift, ist umgesetzt.",
            quoted_list(&f.detail.measures, "„", "“")
        ),
    },
    yours: "Ihre Meldung",
    trail: "Den ganzen Weg Ihres Bedarfs sehen Sie hier:",
    why: "Sie bekommen diese Nachricht, weil Sie sie im Bedarfsformular bestellt haben. Keine Nachrichten mehr? Ein Klick genügt:",
    signature: "Stadt Dortmund – Aktionsplan Soziale Stadt",
};

const ENGLISH: Wording = Wording {
    subject: |kind| match kind {
        UpdateKind::Accepted => "Your need has been accepted",
        UpdateKind::Merged => "Your need has been combined with similar ones",
        UpdateKind::Rejected => "Your need will not be taken up",
        UpdateKind::InProgramme => "Your need is in the action programme",
        UpdateKind::Implemented => "A measure for your need has been implemented",
    },
    greeting: "Hello,",
    event: |f| match f.kind {
        UpdateKind::Accepted => format!(
            "the area coordinators have accepted your need. It goes into the work on the action programme for {}.",
            f.area
        ),
        UpdateKind::Merged => format!(
            "your need has been combined with similar reports. Together with them it goes into the work on the action programme for {}.",
            f.area
        ),
        UpdateKind::Rejected => format!(
            "your need will not be taken up in the action programme for {}. The reason (in German): “{}”",
            f.area, f.detail.reason
        ),
        UpdateKind::InProgramme if f.detail.measures.is_empty() => format!(
            "the action programme for {} has been published. Your need is taken up in one of its goals.",
            f.area
        ),
        UpdateKind::InProgramme => format!(
            "the action programme for {} has been published. It answers your need with this measure: {}",
            f.area,
            quoted_list(&f.detail.measures, "“", "”")
        ),
        UpdateKind::Implemented => format!(
            "the measure {}, which answers your need, has been implemented.",
            quoted_list(&f.detail.measures, "“", "”")
        ),
    },
    yours: "Your report",
    trail: "You can see the whole path of your need here:",
    why: "You get this message because you asked for it on the needs form. No more messages? One click is enough:",
    signature: "City of Dortmund – Aktionsplan Soziale Stadt",
};

const TURKISH: Wording = Wording {
    subject: |kind| match kind {
        UpdateKind::Accepted => "İhtiyacınız kabul edildi",
        UpdateKind::Merged => "İhtiyacınız benzerleriyle birleştirildi",
        UpdateKind::Rejected => "İhtiyacınız ele alınmayacak",
        UpdateKind::InProgramme => "İhtiyacınız eylem programında",
        UpdateKind::Implemented => "İhtiyacınızla ilgili bir önlem hayata geçirildi",
    },
    greeting: "Merhaba,",
    event: |f| match f.kind {
        UpdateKind::Accepted => format!(
            "bölge koordinatörleri ihtiyacınızı kabul etti. İhtiyacınız {} eylem programı çalışmalarına dahil ediliyor.",
            f.area
        ),
        UpdateKind::Merged => format!(
            "ihtiyacınız benzer bildirimlerle birleştirildi. Onlarla birlikte {} eylem programı çalışmalarına dahil ediliyor.",
            f.area
        ),
        UpdateKind::Rejected => format!(
            "ihtiyacınız {} eylem programında ele alınmayacak. Gerekçe (Almanca): „{}“",
            f.area, f.detail.reason
        ),
        UpdateKind::InProgramme if f.detail.measures.is_empty() => format!(
            "{} eylem programı yayımlandı. İhtiyacınız programın hedeflerinden birinde ele alınıyor.",
            f.area
        ),
        UpdateKind::InProgramme => format!(
            "{} eylem programı yayımlandı. Program ihtiyacınıza şu önlemle yanıt veriyor: {}",
            f.area,
            quoted_list(&f.detail.measures, "„", "“")
        ),
        UpdateKind::Implemented => format!(
            "ihtiyacınıza yanıt veren {} önlemi hayata geçirildi.",
            quoted_list(&f.detail.measures, "„", "“")
        ),
    },
    yours: "Bildiriminiz",
    trail: "İhtiyacınızın tüm yolunu burada görebilirsiniz:",
    why: "Bu mesajı, ihtiyaç formunda istediğiniz için alıyorsunuz. Artık mesaj istemiyor musunuz? Tek tıklama yeterli:",
    signature: "Dortmund Belediyesi – Aktionsplan Soziale Stadt",
};

const ARABIC: Wording = Wording {
    subject: |kind| match kind {
        UpdateKind::Accepted => "تم قبول حاجتكم",
        UpdateKind::Merged => "تم دمج حاجتكم مع حاجات مشابهة",
        UpdateKind::Rejected => "لن يتم تناول حاجتكم",
        UpdateKind::InProgramme => "حاجتكم في برنامج العمل",
        UpdateKind::Implemented => "تم تنفيذ إجراء يخص حاجتكم",
    },
    greeting: "مرحبًا،",
    event: |f| match f.kind {
        UpdateKind::Accepted => format!(
            "قبل منسّقو المنطقة حاجتكم. وهي تدخل في العمل على برنامج العمل لمنطقة {}.",
            f.area
        ),
        UpdateKind::Merged => format!(
            "تم دمج حاجتكم مع بلاغات مشابهة. وهي تدخل معها في العمل على برنامج العمل لمنطقة {}.",
            f.area
        ),
        UpdateKind::Rejected => format!(
            "لن يتم تناول حاجتكم في برنامج العمل لمنطقة {}. السبب (بالألمانية): \"{}\"",
            f.area, f.detail.reason
        ),
        UpdateKind::InProgramme if f.detail.measures.is_empty() => format!(
            "تم نشر برنامج العمل لمنطقة {}. حاجتكم مذكورة في أحد أهدافه.",
            f.area
        ),
        UpdateKind::InProgramme => format!(
            "تم نشر برنامج العمل لمنطقة {}. يستجيب لحاجتكم بهذا الإجراء: {}",
            f.area,
            quoted_list(&f.detail.measures, "\"", "\"")
        ),
        UpdateKind::Implemented => format!(
            "تم تنفيذ الإجراء {} الذي يستجيب لحاجتكم.",
            quoted_list(&f.detail.measures, "\"", "\"")
        ),
    },
    yours: "بلاغكم",
    trail: "يمكنكم رؤية مسار حاجتكم كاملًا هنا:",
    why:
        "تصلكم هذه الرسالة لأنكم طلبتموها في استمارة الحاجات. لا تريدون رسائل أخرى؟ نقرة واحدة تكفي:",
    signature: "مدينة دورتموند – Aktionsplan Soziale Stadt",
};

/// The message for one event, in the submitter's language; the city's texts (area, reason,
/// measures) stay German, the submitter's title as written.
pub fn compose(facts: &UpdateFacts) -> UpdateMessage {
    let wording = match facts.language {
        "en" => &ENGLISH,
        "tr" => &TURKISH,
        "ar" => &ARABIC,
        _ => &GERMAN,
    };
    UpdateMessage {
        subject: format!("{} ({})", (wording.subject)(facts.kind), facts.reference),
        body: format!(
            "{greeting}\n\n{event}\n\n{yours}: {reference} – {title}\n\n{trail}\n{tracking}\n\n-- \n{why}\n{unsubscribe}\n\n{signature}\n",
            greeting = wording.greeting,
            event = (wording.event)(facts),
            yours = wording.yours,
            reference = facts.reference,
            title = facts.title,
            trail = wording.trail,
            tracking = facts.tracking_url,
            why = wording.why,
            unsubscribe = facts.unsubscribe_url,
            signature = wording.signature,
        ),
    }
}

/// What the confirmation mail names.
pub struct ConfirmationFacts<'a> {
    pub language: &'a str,
    pub reference: &'a str,
    pub title: &'a str,
    pub area: &'a str,
    pub confirm_url: &'a str,
    /// The last day the address can be confirmed (dd.mm.yyyy).
    pub confirm_by: &'a str,
}

/// The mail that asks the owner of the address to confirm it (double opt-in), in the form's
/// language. Nothing else is sent until the link is followed; without it the address is deleted.
pub fn compose_confirmation(facts: &ConfirmationFacts) -> UpdateMessage {
    let ConfirmationFacts {
        reference,
        title,
        area,
        confirm_url,
        confirm_by,
        ..
    } = facts;
    let (subject, body, signature) = match facts.language {
        "en" => (
            "Please confirm your e-mail address",
            format!(
                "Hello,\n\nyou reported a need in {area} to the City of Dortmund and asked for short e-mails when something happens with it:\n{reference} – {title}\n\nPlease confirm that this is your address by opening this link and pressing the button there:\n{confirm_url}\n\nOnly then will we send you news about your need. If you do not confirm by {confirm_by}, we will delete your address. If you did not ask for this, simply ignore this e-mail."
            ),
            ENGLISH.signature,
        ),
        "tr" => (
            "Lütfen e-posta adresinizi onaylayın",
            format!(
                "Merhaba,\n\nDortmund Belediyesi'ne {area} için bir ihtiyaç bildirdiniz ve bu konuda bir gelişme olduğunda kısa e-postalar istediniz:\n{reference} – {title}\n\nLütfen bu bağlantıyı açıp oradaki düğmeye basarak bu adresin size ait olduğunu onaylayın:\n{confirm_url}\n\nAncak o zaman size ihtiyacınızla ilgili haber göndeririz. {confirm_by} tarihine kadar onaylamazsanız adresinizi sileriz. Bunu siz istemediyseniz bu e-postayı dikkate almayın."
            ),
            TURKISH.signature,
        ),
        "ar" => (
            "يُرجى تأكيد عنوان بريدكم الإلكتروني",
            format!(
                "مرحبًا،\n\nأبلغتم مدينة دورتموند عن حاجة في {area} وطلبتم رسائل قصيرة عندما يحدث بشأنها شيء:\n{reference} – {title}\n\nيُرجى تأكيد أن هذا العنوان لكم بفتح هذا الرابط والضغط على الزر هناك:\n{confirm_url}\n\nعندها فقط نرسل إليكم أخبارًا عن حاجتكم. إذا لم تؤكدوا حتى {confirm_by} نحذف عنوانكم. إذا لم تطلبوا ذلك فتجاهلوا هذه الرسالة."
            ),
            ARABIC.signature,
        ),
        _ => (
            "Bitte bestätigen Sie Ihre E-Mail-Adresse",
            format!(
                "Guten Tag,\n\nSie haben der Stadt Dortmund einen Bedarf in {area} gemeldet und um kurze E-Mails gebeten, wenn sich dabei etwas tut:\n{reference} – {title}\n\nBitte bestätigen Sie, dass dies Ihre Adresse ist: Öffnen Sie diesen Link und drücken Sie dort auf den Knopf.\n{confirm_url}\n\nErst dann schicken wir Ihnen Nachrichten zu Ihrem Bedarf. Wenn Sie bis zum {confirm_by} nicht bestätigen, löschen wir Ihre Adresse. Wenn Sie das nicht waren, beachten Sie diese E-Mail einfach nicht."
            ),
            GERMAN.signature,
        ),
    };
    UpdateMessage {
        subject: format!("{subject} ({reference})"),
        body: format!("{body}\n\n{signature}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: UpdateKind, detail: &'a UpdateDetail, language: &'a str) -> UpdateFacts<'a> {
        UpdateFacts {
            kind,
            detail,
            language,
            reference: "B-2026-0042",
            title: "Mehr Kita-Plätze",
            area: "Hafen",
            tracking_url: "https://aktionsplan.example/verfolgen/abc",
            unsubscribe_url: "https://aktionsplan.example/abbestellen/xyz",
        }
    }

    #[test]
    fn every_message_names_the_need_and_both_links_in_every_language() {
        let detail = UpdateDetail {
            reason: "Liegt außerhalb des Gebiets".into(),
            measures: vec!["Familienbüro am Hafen".into()],
        };
        for language in ["de", "en", "tr", "ar", "xx"] {
            for kind in UpdateKind::ALL {
                let message = compose(&facts(kind, &detail, language));
                assert!(message.subject.ends_with("(B-2026-0042)"), "{message:?}");
                for part in [
                    "Mehr Kita-Plätze",
                    "https://aktionsplan.example/verfolgen/abc",
                    "https://aktionsplan.example/abbestellen/xyz",
                ] {
                    assert!(message.body.contains(part), "{language} {kind:?}: {part}");
                }
                let named = match kind {
                    UpdateKind::Rejected => "Liegt außerhalb des Gebiets",
                    UpdateKind::InProgramme | UpdateKind::Implemented => "Familienbüro am Hafen",
                    UpdateKind::Accepted | UpdateKind::Merged => "Hafen",
                };
                assert!(message.body.contains(named), "{language} {kind:?}");
            }
        }
    }

    #[test]
    fn the_language_chooses_the_words_and_unknown_ones_get_german() {
        let detail = UpdateDetail::default();
        let german = compose(&facts(UpdateKind::Accepted, &detail, "de"));
        assert!(german.subject.starts_with("Ihr Bedarf wurde angenommen"));
        assert_eq!(compose(&facts(UpdateKind::Accepted, &detail, "fr")), german);
        let arabic = compose(&facts(UpdateKind::Accepted, &detail, "ar"));
        assert!(arabic.body.starts_with("مرحبًا"));
        let turkish = compose(&facts(UpdateKind::Accepted, &detail, "tr"));
        assert!(turkish.subject.starts_with("İhtiyacınız kabul edildi"));
        // A programme that takes the need up only in a goal says so.
        let goal = compose(&facts(UpdateKind::InProgramme, &detail, "de"));
        assert!(goal.body.contains("in einem seiner Ziele"), "{}", goal.body);
    }

    #[test]
    fn staff_read_whether_anything_is_sent() {
        let mut status = UpdatesStatus {
            sent: 2,
            waiting: 1,
            mail_enabled: true,
        };
        assert_eq!(
            status.describe(),
            "Die Person hat Nachrichten per E-Mail bestellt (2 verschickt, 1 wartet)."
        );
        status.mail_enabled = false;
        assert!(status.describe().contains("kein Mailserver eingerichtet"));
    }

    #[test]
    fn the_office_is_warned_when_nothing_can_be_sent() {
        let mut totals = MailTotals {
            subscriptions: 3,
            waiting: 1,
            failed: 0,
            mail_enabled: false,
        };
        let (warning, text) = totals.describe();
        assert!(warning);
        assert!(text.contains("kein Mailserver"), "{text}");
        totals.mail_enabled = true;
        assert_eq!(
            totals.describe(),
            (
                false,
                "3 Person(en) haben Nachrichten per E-Mail zu ihrem Bedarf bestellt; 1 Nachricht(en) warten auf den Versand.".to_owned()
            )
        );
        totals.failed = 2;
        assert!(totals.describe().0);
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in UpdateKind::ALL {
            assert_eq!(UpdateKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(UpdateKind::from_code("neu"), None);
        assert!(UpdateKind::Rejected.is_moderation());
        assert!(!UpdateKind::Implemented.is_moderation());
    }

    #[test]
    fn the_confirmation_mail_speaks_the_form_language_and_names_the_link_and_the_day() {
        for language in ["de", "en", "tr", "ar"] {
            let mail = compose_confirmation(&ConfirmationFacts {
                language,
                reference: "B-2026-0042",
                title: "Mehr Kita-Plätze",
                area: "Hafen",
                confirm_url: "https://aktionsplan.example/bestaetigen/abc",
                confirm_by: "14.12.2026",
            });
            assert!(mail.subject.ends_with("(B-2026-0042)"), "{language}");
            assert!(mail
                .body
                .contains("https://aktionsplan.example/bestaetigen/abc"));
            assert!(mail.body.contains("14.12.2026") && mail.body.contains("Mehr Kita-Plätze"));
        }
        let german = compose_confirmation(&ConfirmationFacts {
            language: "de",
            reference: "B-1",
            title: "T",
            area: "Hafen",
            confirm_url: "u",
            confirm_by: "d",
        });
        assert!(german.subject.starts_with("Bitte bestätigen"));
    }
}
