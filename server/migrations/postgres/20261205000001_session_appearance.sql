-- The appearance given at create (`Appearance::to_fragment` pairs; empty: the page's defaults).
ALTER TABLE sessions ADD COLUMN appearance TEXT NOT NULL DEFAULT '';
