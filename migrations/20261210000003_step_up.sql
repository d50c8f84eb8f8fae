-- Step-up: the actions that give lasting control over accounts (recovery codes, another
-- account's password or second factor, locking an account, erasing personal data) ask for a
-- current code from the app; the session remembers when one was last given, for five minutes.
ALTER TABLE sessions ADD COLUMN code_confirmed_at INTEGER NULL;
