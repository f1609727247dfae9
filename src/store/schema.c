/* schema: the numbered migrations. Each runs once, in order, inside the
 * transaction that sets PRAGMA user_version to its number. Never edit a
 * migration that has shipped: add the next one. */
#include "store-internal.h"

/* Each migration is a list of statements (C17 only promises 4095-byte
 * string literals), run in order and ended by NULL. */

/* Columns every synchronised record has: a global id (UUID v7), the unit it
 * belongs to, times, a version bumped on every change, and a tombstone flag
 * so that deletions can travel upward. */
#define COMMON \
	"id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36)," \
	"unit_code TEXT NOT NULL REFERENCES unit(code)," \
	"created_at TEXT NOT NULL," \
	"updated_at TEXT NOT NULL," \
	"version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)," \
	"deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"

/* A date column: NULL or a real calendar date in ISO 8601. date() alone
 * lets 2026-02-30 through; a modifier makes it normalise, so an impossible
 * day no longer equals itself; IS, because a NULL from date() would pass a
 * CHECK. */
#define DATE(c) c " TEXT CHECK (" c " IS NULL OR (" c \
	" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(" c ", '+0 days') IS " c "))"
#define BOOL(c) c " INTEGER NOT NULL DEFAULT 0 CHECK (" c " IN (0, 1))"
#define YEAR(c) c " INTEGER CHECK (" c " IS NULL OR " c " BETWEEN 1900 AND 2100)"

static const char *const schema_v1[] = {
	"CREATE TABLE unit ("
	"  code TEXT PRIMARY KEY NOT NULL CHECK (code GLOB '[0-9]*' AND length(code) BETWEEN 2 AND 5),"
	"  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),"
	"  kind TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"
	"  parent_code TEXT REFERENCES unit(code),"
	"  status TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'abolished')),"
	"  abolished_on TEXT,"
	"  successor_code TEXT REFERENCES unit(code)"
	");",
	"CREATE INDEX unit_parent ON unit(parent_code);",
	"CREATE INDEX unit_name_key ON unit(name_key);",
	"CREATE INDEX unit_successor ON unit(successor_code);",

	"CREATE TABLE home ("
	"  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
	"  unit_code TEXT NOT NULL REFERENCES unit(code),"
	"  installation_id TEXT NOT NULL,"
	"  created_at TEXT NOT NULL"
	");",

	"CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID;",

	"CREATE TABLE village (" COMMON
	"  name TEXT NOT NULL,"
	"  village_kind TEXT,"
	"  households INTEGER CHECK (households IS NULL OR households >= 0),"
	"  note TEXT,"
	"  name_key TEXT NOT NULL,"
	"  name_sort BLOB NOT NULL"
	");",
	"CREATE INDEX village_unit ON village(unit_code, name_sort);",
	"CREATE INDEX village_key ON village(name_key);",

	"CREATE TABLE staff (" COMMON
	"  full_name TEXT NOT NULL,"
	"  gender TEXT,"
	YEAR("birth_year") ","
	"  position TEXT,"
	"  employment TEXT,"
	"  it_qualification TEXT,"
	BOOL("focal_point") ","
	"  decision_no TEXT,"
	DATE("decision_date") ","
	BOOL("dt_network") ","
	"  platforms TEXT,"
	"  phone TEXT,"
	"  email TEXT,"
	"  note TEXT,"
	"  name_key TEXT NOT NULL,"
	"  name_sort BLOB NOT NULL"
	");",
	"CREATE INDEX staff_unit ON staff(unit_code, name_sort);",
	"CREATE INDEX staff_sort ON staff(name_sort);",
	"CREATE INDEX staff_key ON staff(name_key);",

	"CREATE TABLE training (" COMMON
	"  title TEXT NOT NULL,"
	"  topic TEXT,"
	"  format TEXT,"
	"  organizer TEXT,"
	DATE("start_date") ","
	DATE("end_date") ","
	"  hours REAL CHECK (hours IS NULL OR hours >= 0),"
	"  place TEXT,"
	"  note TEXT,"
	"  name_key TEXT NOT NULL,"
	"  name_sort BLOB NOT NULL,"
	"  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)"
	");",
	"CREATE INDEX training_unit ON training(unit_code, start_date);",
	"CREATE INDEX training_start ON training(start_date);",

	"CREATE TABLE team (" COMMON
	"  name TEXT NOT NULL,"
	"  village_id TEXT REFERENCES village(id),"
	"  decision_no TEXT,"
	DATE("founded_on") ","
	"  note TEXT,"
	"  name_key TEXT NOT NULL,"
	"  name_sort BLOB NOT NULL"
	");",
	"CREATE INDEX team_unit ON team(unit_code, name_sort);",
	"CREATE INDEX team_village ON team(village_id);",

	"CREATE TABLE member (" COMMON
	"  team_id TEXT NOT NULL REFERENCES team(id),"
	"  full_name TEXT NOT NULL,"
	"  gender TEXT,"
	YEAR("birth_year") ","
	"  role TEXT,"
	"  affiliation TEXT,"
	"  phone TEXT,"
	DATE("joined_on") ","
	"  note TEXT,"
	"  name_key TEXT NOT NULL,"
	"  name_sort BLOB NOT NULL"
	");",
	"CREATE INDEX member_team ON member(team_id, name_sort);",
	"CREATE INDEX member_unit ON member(unit_code, name_sort);",
	"CREATE INDEX member_sort ON member(name_sort);",
	"CREATE INDEX member_key ON member(name_key);",

	"CREATE TABLE participant (" COMMON
	"  training_id TEXT NOT NULL REFERENCES training(id),"
	"  staff_id TEXT REFERENCES staff(id),"
	"  member_id TEXT REFERENCES member(id),"
	BOOL("attended") ","
	BOOL("certificate") ","
	"  note TEXT,"
	"  CHECK ((staff_id IS NULL) <> (member_id IS NULL))"
	");",
	"CREATE UNIQUE INDEX participant_staff ON participant(training_id, staff_id)"
	"  WHERE staff_id IS NOT NULL AND deleted = 0;",
	"CREATE UNIQUE INDEX participant_member ON participant(training_id, member_id)"
	"  WHERE member_id IS NOT NULL AND deleted = 0;",
	"CREATE INDEX participant_by_staff ON participant(staff_id);",
	"CREATE INDEX participant_by_member ON participant(member_id);",

	"CREATE TABLE activity (" COMMON
	"  team_id TEXT NOT NULL REFERENCES team(id),"
	DATE("held_on") " NOT NULL,"
	"  place TEXT,"
	"  activity_kind TEXT,"
	"  description TEXT"
	");",
	"CREATE INDEX activity_team ON activity(team_id, held_on);",
	"CREATE INDEX activity_unit ON activity(unit_code, held_on);",

	/* Children of an activity travel with it: its version covers them. */
	"CREATE TABLE activity_member ("
	"  activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,"
	"  member_id TEXT NOT NULL REFERENCES member(id),"
	"  PRIMARY KEY (activity_id, member_id)"
	") WITHOUT ROWID;",
	"CREATE INDEX activity_member_member ON activity_member(member_id);",
	"CREATE TABLE activity_help ("
	"  activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,"
	"  category TEXT NOT NULL,"
	"  count INTEGER NOT NULL CHECK (count >= 0),"
	"  PRIMARY KEY (activity_id, category)"
	") WITHOUT ROWID;",

	"CREATE TABLE task_progress (" COMMON
	"  task_code TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'not_started',"
	"  progress_note TEXT,"
	"  evidence_no TEXT,"
	DATE("evidence_date")
	");",
	"CREATE INDEX task_progress_unit ON task_progress(unit_code, task_code);",

	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  os_user TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  kind TEXT,"
	"  record_id TEXT,"
	"  unit_code TEXT,"
	"  old_values TEXT,"
	"  new_values TEXT,"
	"  detail TEXT"
	");",
	"CREATE INDEX audit_record ON audit(record_id);",
	NULL
};

/* Version 2: the pre-2025 → post-2025 unit mapping and the catalogue of plan
 * tasks a unit tracks. */
static const char *const schema_v2[] = {
	/* Key columns first: SQLite 3.40's integrity_check misreads NOT NULL
	 * columns placed before the key of a WITHOUT ROWID table. */
	"CREATE TABLE unit_map ("
	"  old_code TEXT NOT NULL,"
	"  new_code TEXT NOT NULL REFERENCES unit(code),"
	"  old_name TEXT NOT NULL,"
	"  old_district_code TEXT,"
	"  old_province_code TEXT,"
	"  PRIMARY KEY (old_code, new_code)"
	") WITHOUT ROWID;",
	"CREATE INDEX unit_map_new ON unit_map(new_code);",
	"CREATE TABLE task ("
	"  code TEXT PRIMARY KEY NOT NULL,"
	"  title TEXT NOT NULL,"
	"  lead_agency TEXT,"
	"  coordinating TEXT,"
	"  expected_result TEXT,"
	"  due_text TEXT,"
	"  due_start TEXT,"
	"  due_end TEXT,"
	"  level TEXT,"
	"  source TEXT"
	") WITHOUT ROWID;",
	NULL
};

/* Version 3: merging at the office above. synced_version is the version last
 * received from below (NULL for records made here): a record whose version
 * has moved past it was changed locally, and a newer one arriving is then a
 * conflict, never a silent overwrite. The merge log keeps every report. */
static const char *const schema_v3[] = {
	"ALTER TABLE village ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE staff ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE training ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE team ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE member ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE participant ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE activity ADD COLUMN synced_version INTEGER;",
	"ALTER TABLE task_progress ADD COLUMN synced_version INTEGER;",
	"CREATE TABLE merge_log ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  os_user TEXT NOT NULL,"
	"  package TEXT NOT NULL,"
	"  package_sha256 TEXT NOT NULL,"
	"  unit_code TEXT,"
	"  period TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('merged', 'refused')),"
	"  inserted INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  unchanged INTEGER NOT NULL DEFAULT 0,"
	"  deleted INTEGER NOT NULL DEFAULT 0,"
	"  conflicts INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0,"
	"  detail TEXT"
	");",
	"CREATE TABLE merge_issue ("
	"  merge_seq INTEGER NOT NULL REFERENCES merge_log(seq),"
	"  kind TEXT NOT NULL,"
	"  record_id TEXT,"
	"  issue TEXT NOT NULL CHECK (issue IN ('conflict', 'rejected')),"
	"  local_version INTEGER,"
	"  incoming_version INTEGER,"
	"  reason TEXT"
	");",
	"CREATE INDEX merge_issue_seq ON merge_issue(merge_seq);",
	NULL
};

/* Version 4: a plan belongs to a province; a unit tracks its province's tasks. */
static const char *const schema_v4[] = {
	"ALTER TABLE task ADD COLUMN province_code TEXT;",
	NULL
};

/* Version 5: who may do what. Users are the operating-system accounts; each
 * has a unit and a role. With no rows (a database made before roles), everyone
 * who can open the file is an admin, as before. */
static const char *const schema_v5[] = {
	"CREATE TABLE app_user ("
	"  os_user TEXT PRIMARY KEY NOT NULL,"
	"  unit_code TEXT NOT NULL REFERENCES unit(code),"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),"
	"  created_at TEXT NOT NULL"
	") WITHOUT ROWID;",
	"CREATE INDEX audit_at ON audit(at);",
	"CREATE INDEX audit_user ON audit(os_user, seq);",
	"CREATE TABLE draft ("
	"  seq INTEGER PRIMARY KEY,"
	"  os_user TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  record_id TEXT,"
	"  parent_id TEXT,"
	"  unit_code TEXT,"
	"  base_version INTEGER,"
	"  fields TEXT NOT NULL,"
	"  saved_at TEXT NOT NULL"
	");",
	"CREATE INDEX draft_user ON draft(os_user);",
	NULL
};

/* Version 6: the name-key indexes of people carry unit, birth year and the
 * tombstone flag, so that the likely-duplicate check an import makes for
 * every row (same folded name, unit and year, live) is answered from the
 * index alone. A lookup by name alone still uses it: the name comes first. */
static const char *const schema_v6[] = {
	"DROP INDEX staff_key;",
	"CREATE INDEX staff_key ON staff(name_key, unit_code, birth_year, deleted);",
	"DROP INDEX member_key;",
	"CREATE INDEX member_key ON member(name_key, unit_code, birth_year, deleted);",
	NULL
};

const char *const *const store_migrations[] = {
	NULL,		/* version 0: empty file */
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
};

const int store_schema_latest = (int)(sizeof store_migrations / sizeof store_migrations[0]) - 1;
