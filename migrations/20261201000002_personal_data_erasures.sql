-- Requests about personal data by e-mail address: what was erased, by whom and when – never the
-- erased data itself (not even the address).
CREATE TABLE personal_data_erasures (
    id          INTEGER PRIMARY KEY,
    erased_by   INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    erased_at   INTEGER NOT NULL,
    submissions INTEGER NOT NULL,
    contacts    INTEGER NOT NULL
) STRICT;
