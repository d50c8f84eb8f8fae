-- The Erklärung zur Barrierefreiheit: its facts, kept by the Projektbüro (one row), and the
-- barriers people report through its feedback form, each with the day an answer is due.
CREATE TABLE accessibility_statement (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    conformity    TEXT NOT NULL CHECK (conformity IN ('vollstaendig', 'teilweise', 'nicht')),
    assessed_on   TEXT NOT NULL,
    method        TEXT NOT NULL,
    known_gaps    TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    updated_by    INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

-- What is true of the app on the day this was written; the Projektbüro keeps it up to date.
INSERT INTO accessibility_statement
    (id, conformity, assessed_on, method, known_gaps, contact_email, contact_phone, updated_by, updated_at)
VALUES (
    1, 'teilweise', '2026-12-06',
    'Selbstbewertung durch das Entwicklungsteam. Bei jeder Änderung der Anwendung prüfen automatische Tests jede öffentliche und interne Seite mit und ohne JavaScript, auch auf Arabisch und mit Fehlermeldungen in Formularen: mit axe-core nach den Regeln der WCAG 2.1 (Stufen A und AA) und mit dem W3C-Prüfwerkzeug für HTML (Nu Html Checker).

Die Bedienung mit der Tastatur, die Darstellung auf 320 Pixel schmalen Bildschirmen und die Darstellung von rechts nach links werden in denselben Tests im Browser geprüft. Die PDF-Dateien (Aktionsprogramme, Sachstandsbericht) sind getaggt und werden bei jedem Erzeugen nach PDF/UA-1 geprüft. Eine Prüfung mit Screenreadern durch Menschen mit Behinderungen steht noch aus.',
    'Es gibt noch keine Informationen in Deutscher Gebärdensprache. Alternative: Die wichtigsten Informationen stehen in Leichter Sprache auf der Seite „Leichte Sprache“.

Das Bearbeiten eines Aktionsprogramms und das Protokollieren ohne Internetverbindung brauchen JavaScript. Diese Funktionen nutzen nur Mitarbeitende der Stadt; alle öffentlichen Formulare funktionieren auch ohne JavaScript.',
    '', '', NULL, CAST(strftime('%s', '2026-12-06') AS INTEGER)
);

CREATE TABLE accessibility_feedback (
    id                INTEGER PRIMARY KEY,
    -- The form's one-time key (hashed): a form sent twice is stored once.
    form_key_hash     BLOB NOT NULL UNIQUE,
    received_at       INTEGER NOT NULL,
    due_on            TEXT NOT NULL,
    page              TEXT NOT NULL,
    description       TEXT NOT NULL,
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    consent_at        INTEGER NULL,
    contact_erased_at INTEGER NULL,
    state             TEXT NOT NULL DEFAULT 'neu' CHECK (state IN ('neu', 'in_bearbeitung', 'beantwortet')),
    answer            TEXT NOT NULL DEFAULT '',
    answered_at       INTEGER NULL,
    updated_by        INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    updated_at        INTEGER NOT NULL
) STRICT;

-- The queue: open reports by due day; answered ones newest first.
CREATE INDEX accessibility_feedback_by_state ON accessibility_feedback (state, due_on, id);
CREATE INDEX accessibility_feedback_answered ON accessibility_feedback (answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX accessibility_feedback_by_email ON accessibility_feedback (contact_email) WHERE contact_email <> '';

ALTER TABLE personal_data_erasures ADD COLUMN feedback INTEGER NOT NULL DEFAULT 0;
