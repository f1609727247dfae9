-- The import baseline's table: the columns of `socds export csv --machine
-- --kind member`, in its order, with member's constraints and as many
-- indexes on the same kinds of columns (the name stands for socds's name
-- key and collation key). Load with:
--   sqlite3 base.db "PRAGMA foreign_keys=ON" ".import --csv --skip 1 members.csv member_in"
CREATE TABLE member_in (
  team_id TEXT NOT NULL REFERENCES team(id),
  full_name TEXT NOT NULL,
  gender TEXT,
  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
  role TEXT,
  affiliation TEXT,
  phone TEXT,
  joined_on TEXT CHECK (joined_on IS NULL OR (joined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
    AND date(joined_on, '+0 days') IS joined_on)),
  note TEXT,
  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
  unit_code TEXT NOT NULL REFERENCES unit(code),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX member_in_team ON member_in(team_id, full_name);
CREATE INDEX member_in_unit ON member_in(unit_code, full_name);
CREATE INDEX member_in_sort ON member_in(full_name);
CREATE INDEX member_in_key ON member_in(lower(full_name), unit_code, birth_year, deleted);
