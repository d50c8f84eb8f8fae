-- Texts of the Sachstandsbericht that the Projektbüro writes (for now the outlook, "ausblick").
CREATE TABLE status_report_texts (
    name       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_by INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
) STRICT;
