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

/* Version 6: what the interface needs at province scale. Live rows per kind
 * and unit, kept by triggers, so that the home screen and unfiltered lists
 * count without reading a million rows; and a trigram index over the folded
 * names of each named kind, so that a search costs the matches, not the
 * table. Both hold live rows only. */
#define COUNTED(T) \
	"INSERT INTO kind_count SELECT '" T "', unit_code, count(*) FROM " T \
	" WHERE deleted = 0 GROUP BY unit_code;", \
	"CREATE TRIGGER " T "_count_ins AFTER INSERT ON " T " WHEN NEW.deleted = 0 BEGIN" \
	" INSERT INTO kind_count VALUES ('" T "', NEW.unit_code, 1)" \
	" ON CONFLICT DO UPDATE SET live = live + 1; END;", \
	"CREATE TRIGGER " T "_count_del AFTER DELETE ON " T " WHEN OLD.deleted = 0 BEGIN" \
	" UPDATE kind_count SET live = live - 1 WHERE kind = '" T "'" \
	" AND unit_code = OLD.unit_code; END;", \
	"CREATE TRIGGER " T "_count_upd AFTER UPDATE OF deleted, unit_code ON " T \
	" WHEN OLD.deleted = 0 OR NEW.deleted = 0 BEGIN" \
	" UPDATE kind_count SET live = live - 1 WHERE OLD.deleted = 0 AND kind = '" T "'" \
	" AND unit_code = OLD.unit_code;" \
	" INSERT INTO kind_count SELECT '" T "', NEW.unit_code, 1 WHERE NEW.deleted = 0" \
	" ON CONFLICT DO UPDATE SET live = live + 1; END;"
/* Contentless: the folded names are in the table already; a removal names
 * the old key, as FTS5 asks. */
#define SEARCHED(T) \
	"CREATE VIRTUAL TABLE " T "_fts USING fts5(name_key, content='', tokenize='trigram');", \
	"INSERT INTO " T "_fts(rowid, name_key) SELECT rowid, name_key FROM " T \
	" WHERE deleted = 0;", \
	"CREATE TRIGGER " T "_fts_ins AFTER INSERT ON " T " WHEN NEW.deleted = 0 BEGIN" \
	" INSERT INTO " T "_fts(rowid, name_key) VALUES (NEW.rowid, NEW.name_key); END;", \
	"CREATE TRIGGER " T "_fts_del AFTER DELETE ON " T " WHEN OLD.deleted = 0 BEGIN" \
	" INSERT INTO " T "_fts(" T "_fts, rowid, name_key) VALUES ('delete', OLD.rowid," \
	" OLD.name_key); END;", \
	"CREATE TRIGGER " T "_fts_upd AFTER UPDATE OF deleted, name_key ON " T \
	" WHEN OLD.deleted = 0 OR NEW.deleted = 0 BEGIN" \
	" INSERT INTO " T "_fts(" T "_fts, rowid, name_key) SELECT 'delete', OLD.rowid," \
	" OLD.name_key WHERE OLD.deleted = 0;" \
	" INSERT INTO " T "_fts(rowid, name_key) SELECT NEW.rowid, NEW.name_key" \
	" WHERE NEW.deleted = 0; END;"

static const char *const schema_v6[] = {
	"CREATE TABLE kind_count ("
	"  kind TEXT NOT NULL,"
	"  unit_code TEXT NOT NULL,"
	"  live INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, unit_code)"
	") WITHOUT ROWID;",
	COUNTED("village"), COUNTED("staff"), COUNTED("training"), COUNTED("participant"),
	COUNTED("team"), COUNTED("member"), COUNTED("activity"), COUNTED("task_progress"),
	SEARCHED("village"), SEARCHED("staff"), SEARCHED("training"), SEARCHED("team"),
	SEARCHED("member"),
	/* Lists in their usual order over all units, read from an index; the
	 * folded name beside the sort key lets a search walking the list in
	 * order test each row without reading it. */
	"DROP INDEX staff_sort;",
	"CREATE INDEX staff_sort ON staff(name_sort, name_key);",
	"DROP INDEX member_sort;",
	"CREATE INDEX member_sort ON member(name_sort, name_key);",
	"CREATE INDEX village_sort ON village(name_sort, name_key);",
	"CREATE INDEX team_sort ON team(name_sort, name_key);",
	"CREATE INDEX training_sort ON training(name_sort, name_key);",
	/* Newest first: the expression is the one the list sorts by. */
	"CREATE INDEX activity_held ON activity(ifnull(held_on, ''));",
	"CREATE INDEX training_started ON training(ifnull(start_date, ''));",
	"CREATE INDEX task_progress_dated ON task_progress(ifnull(evidence_date, ''));",
	NULL
};

/* Version 7: a report of a district's year reads a million activities and two
 * million lines of citizens helped. These tables hold them counted per unit,
 * month and key, kept by triggers in the same transaction as each change, so
 * a report reads a few hundred rows (report periods are whole months). Only
 * live activities count (deleted = 0); an activity's helped lines count while
 * it does. Rows that fall to zero go. Team members likewise, per unit and
 * affiliation. Plus indexes that cover the other figures (figures.c), each
 * measured on a 1.1-million-activity district. */
#define TALLY_ACT_KEY(r) "unit_code = " r ".unit_code AND month = substr(" r ".held_on, 1, 7)" \
	" AND activity_kind = ifnull(" r ".activity_kind, '')"
/* Activity r's own count in, out. */
#define TALLY_ACT_IN(r) "INSERT INTO activity_tally SELECT " r ".unit_code," \
	" substr(" r ".held_on, 1, 7), ifnull(" r ".activity_kind, ''), 1 WHERE " r ".deleted = 0" \
	" ON CONFLICT DO UPDATE SET n = n + 1;"
#define TALLY_ACT_OUT(r) "UPDATE activity_tally SET n = n - 1 WHERE " r ".deleted = 0 AND " \
	TALLY_ACT_KEY(r) "; DELETE FROM activity_tally WHERE " TALLY_ACT_KEY(r) " AND n = 0;"
/* The helped lines of activity r in, out. */
#define TALLY_HELP_IN(r) "INSERT INTO activity_help_tally SELECT " r ".unit_code," \
	" substr(" r ".held_on, 1, 7), h.category, 1, h.count FROM activity_help h" \
	" WHERE h.activity_id = " r ".id AND " r ".deleted = 0" \
	" ON CONFLICT DO UPDATE SET rows = rows + 1, total = total + excluded.total;"
#define TALLY_HELP_OUT(r) "UPDATE activity_help_tally SET rows = rows - 1, total = total -" \
	" (SELECT h.count FROM activity_help h WHERE h.activity_id = " r ".id AND" \
	" h.category = activity_help_tally.category) WHERE " r ".deleted = 0 AND unit_code = " \
	r ".unit_code AND month = substr(" r ".held_on, 1, 7) AND category IN (SELECT category" \
	" FROM activity_help WHERE activity_id = " r ".id); DELETE FROM activity_help_tally" \
	" WHERE unit_code = " r ".unit_code AND month = substr(" r ".held_on, 1, 7) AND rows = 0;"
/* One helped line h in, out: counted under its activity, when live. */
#define TALLY_LINE(h) "(unit_code, month, category) = (SELECT a.unit_code," \
	" substr(a.held_on, 1, 7), " h ".category FROM activity a WHERE a.id = " h ".activity_id" \
	" AND a.deleted = 0)"
#define TALLY_LINE_IN(h) "INSERT INTO activity_help_tally SELECT a.unit_code," \
	" substr(a.held_on, 1, 7), " h ".category, 1, " h ".count FROM activity a" \
	" WHERE a.id = " h ".activity_id AND a.deleted = 0" \
	" ON CONFLICT DO UPDATE SET rows = rows + 1, total = total + excluded.total;"
#define TALLY_LINE_OUT(h) "UPDATE activity_help_tally SET rows = rows - 1, total = total - " \
	h ".count WHERE " TALLY_LINE(h) "; DELETE FROM activity_help_tally WHERE " TALLY_LINE(h) \
	" AND rows = 0;"

/* Team member r's count in, out. */
#define TALLY_MEMBER_KEY(r) "unit_code = " r ".unit_code AND affiliation = ifnull(" r \
	".affiliation, '')"
#define TALLY_MEMBER_IN(r) "INSERT INTO member_tally SELECT " r ".unit_code, ifnull(" r \
	".affiliation, ''), 1 WHERE " r ".deleted = 0 ON CONFLICT DO UPDATE SET n = n + 1;"
#define TALLY_MEMBER_OUT(r) "UPDATE member_tally SET n = n - 1 WHERE " r ".deleted = 0 AND " \
	TALLY_MEMBER_KEY(r) "; DELETE FROM member_tally WHERE " TALLY_MEMBER_KEY(r) " AND n = 0;"

static const char *const schema_v7[] = {
	"CREATE TABLE activity_tally ("
	"  unit_code TEXT NOT NULL,"
	"  month TEXT NOT NULL,"		/* yyyy-mm of held_on */
	"  activity_kind TEXT NOT NULL,"	/* '' when none */
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_code, month, activity_kind)"
	") WITHOUT ROWID;",
	"CREATE TABLE activity_help_tally ("
	"  unit_code TEXT NOT NULL,"
	"  month TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  rows INTEGER NOT NULL,"		/* helped lines: a category of 0 citizens is a row */
	"  total INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_code, month, category)"
	") WITHOUT ROWID;",
	"INSERT INTO activity_tally SELECT unit_code, substr(held_on, 1, 7),"
	"  ifnull(activity_kind, ''), count(*) FROM activity WHERE deleted = 0 GROUP BY 1, 2, 3;",
	"INSERT INTO activity_help_tally SELECT a.unit_code, substr(a.held_on, 1, 7), h.category,"
	"  count(*), sum(h.count) FROM activity_help h JOIN activity a ON a.id = h.activity_id"
	"  WHERE a.deleted = 0 GROUP BY 1, 2, 3;",
	/* An activity's helped lines written before it (foreign keys off) count
	 * from when it arrives, as a join would count them. */
	"CREATE TRIGGER activity_tally_insert AFTER INSERT ON activity BEGIN "
	TALLY_ACT_IN("new") TALLY_HELP_IN("new") " END;",
	/* BEFORE: its helped lines are still there (the cascade removes them
	 * after the activity, when they no longer count). */
	"CREATE TRIGGER activity_tally_delete BEFORE DELETE ON activity BEGIN "
	TALLY_ACT_OUT("old") TALLY_HELP_OUT("old") " END;",
	"CREATE TRIGGER activity_tally_update AFTER UPDATE OF id, unit_code, held_on,"
	" activity_kind, deleted ON activity WHEN old.id IS NOT new.id OR old.unit_code IS NOT"
	" new.unit_code OR old.held_on IS NOT new.held_on OR old.activity_kind IS NOT"
	" new.activity_kind OR old.deleted IS NOT new.deleted BEGIN "
	TALLY_ACT_OUT("old") TALLY_HELP_OUT("old") TALLY_ACT_IN("new") TALLY_HELP_IN("new")
	" END;",
	"CREATE TRIGGER activity_help_tally_insert AFTER INSERT ON activity_help BEGIN "
	TALLY_LINE_IN("new") " END;",
	"CREATE TRIGGER activity_help_tally_delete AFTER DELETE ON activity_help BEGIN "
	TALLY_LINE_OUT("old") " END;",
	"CREATE TRIGGER activity_help_tally_update AFTER UPDATE ON activity_help BEGIN "
	TALLY_LINE_OUT("old") TALLY_LINE_IN("new") " END;",

	/* Live team members by unit and affiliation: 210,000 in the district
	 * measured, 18 ms a figure to count from an index, for two figures. */
	"CREATE TABLE member_tally ("
	"  unit_code TEXT NOT NULL,"
	"  affiliation TEXT NOT NULL,"		/* '' when none */
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_code, affiliation)"
	") WITHOUT ROWID;",
	"INSERT INTO member_tally SELECT unit_code, ifnull(affiliation, ''), count(*) FROM member"
	"  WHERE deleted = 0 GROUP BY 1, 2;",
	"CREATE TRIGGER member_tally_insert AFTER INSERT ON member BEGIN " TALLY_MEMBER_IN("new")
	" END;",
	"CREATE TRIGGER member_tally_delete AFTER DELETE ON member BEGIN " TALLY_MEMBER_OUT("old")
	" END;",
	"CREATE TRIGGER member_tally_update AFTER UPDATE OF unit_code, affiliation, deleted ON"
	" member WHEN old.unit_code IS NOT new.unit_code OR old.affiliation IS NOT"
	" new.affiliation OR old.deleted IS NOT new.deleted BEGIN " TALLY_MEMBER_OUT("old")
	TALLY_MEMBER_IN("new") " END;",
	/* Staff figures read an index alone; a breakdown reads its key in order,
	 * with no sort. In those, deleted comes after the key, so that the
	 * planner keeps staff_names (id and names) for the trained figures. */
	"CREATE INDEX staff_figures ON staff(unit_code, deleted, dt_network, platforms,"
	"  focal_point);",
	"CREATE INDEX staff_names ON staff(unit_code, deleted, id, name_sort, full_name);",
	"CREATE INDEX staff_employment ON staff(unit_code, employment, deleted);",
	"CREATE INDEX staff_it_qualification ON staff(unit_code, it_qualification, deleted);",
	"CREATE INDEX training_figures ON training(unit_code, deleted, start_date, id);",
	"CREATE INDEX training_format ON training(unit_code, format, deleted, start_date);",
	"CREATE INDEX training_topic ON training(unit_code, topic, deleted, start_date);",
	/* Attended participants of a training; the trainings of an officer (this
	 * one makes participant_by_staff, its prefix, redundant). */
	"CREATE INDEX participant_attended ON participant(training_id, deleted, attended);",
	"CREATE INDEX participant_staff_attended ON participant(staff_id, deleted, attended,"
	"  training_id);",
	"DROP INDEX participant_by_staff;",
	/* Whether an officer's training started in the period, from the index. */
	"CREATE INDEX training_id_start ON training(id, deleted, start_date);",
	/* Villages with a live team; live teams and villages of a unit. */
	"CREATE INDEX team_village_live ON team(village_id, deleted);",
	"DROP INDEX team_village;",
	"CREATE INDEX team_unit_live ON team(unit_code, deleted);",
	"CREATE INDEX village_unit_live ON village(unit_code, deleted, id);",
	NULL
};

/* Version 8: the name-key indexes of people carry unit, birth year and the
 * tombstone flag, so that the likely-duplicate check an import makes for
 * every row (same folded name, unit and year, live) is answered from the
 * index alone. A lookup by name alone still uses it: the name comes first. */
static const char *const schema_v8[] = {
	"DROP INDEX staff_key;",
	"CREATE INDEX staff_key ON staff(name_key, unit_code, birth_year, deleted);",
	"DROP INDEX member_key;",
	"CREATE INDEX member_key ON member(name_key, unit_code, birth_year, deleted);",
	NULL
};

/* A version stays a 63-bit integer: "version + 1" past 2^63 - 1 would turn
 * it into a REAL that still passes CHECK (version >= 1). */
#define VERSION_INTEGER(T) \
	"CREATE TRIGGER " T "_version_ins BEFORE INSERT ON " T \
	" WHEN typeof(NEW.version) <> 'integer' BEGIN" \
	" SELECT RAISE(ABORT, 'version is not a whole number from 1 to 2^63 - 1'); END;", \
	"CREATE TRIGGER " T "_version_upd BEFORE UPDATE OF version ON " T \
	" WHEN typeof(NEW.version) <> 'integer' BEGIN" \
	" SELECT RAISE(ABORT, 'version is not a whole number from 1 to 2^63 - 1'); END;"

/* Version 9: a merge can be reviewed and undone. Every record a merge
 * changes has an audit row (old and new values) carrying the merge's
 * merge_log seq; merge_revert records that a merge was reverted, once.
 * Versions stay integers (VERSION_INTEGER). And signed packages:
 * signing_key holds this database's own unit key (backups carry it);
 * unit_key the keys of the units below, pinned on the first package merged
 * from each or in advance (socds key trust). */
static const char *const schema_v9[] = {
	"ALTER TABLE audit ADD COLUMN merge_seq INTEGER;",
	"CREATE INDEX audit_merge ON audit(merge_seq) WHERE merge_seq IS NOT NULL;",
	"CREATE TABLE merge_revert ("
	"  merge_seq INTEGER PRIMARY KEY REFERENCES merge_log(seq),"
	"  at TEXT NOT NULL,"
	"  os_user TEXT NOT NULL,"
	"  reverted INTEGER NOT NULL,"
	"  refused INTEGER NOT NULL"
	");",
	VERSION_INTEGER("village"), VERSION_INTEGER("staff"), VERSION_INTEGER("training"),
	VERSION_INTEGER("participant"), VERSION_INTEGER("team"), VERSION_INTEGER("member"),
	VERSION_INTEGER("activity"), VERSION_INTEGER("task_progress"),
	"CREATE TABLE signing_key ("
	"  unit_code TEXT PRIMARY KEY,"
	"  public_key BLOB NOT NULL CHECK (length(public_key) = 32),"
	"  secret_key BLOB NOT NULL CHECK (length(secret_key) = 32),"
	"  created_at TEXT NOT NULL"
	");",
	/* A key trusted in advance is known by its fingerprint alone until
	 * the unit's first package brings the key itself. */
	"CREATE TABLE unit_key ("
	"  unit_code TEXT PRIMARY KEY,"
	"  public_key BLOB CHECK (public_key IS NULL OR length(public_key) = 32),"
	"  fingerprint TEXT NOT NULL,"
	"  pinned_at TEXT NOT NULL,"
	"  how TEXT NOT NULL CHECK (how IN ('first-use', 'trusted', 'replaced'))"
	");",
	NULL
};

/* Version 10: settings that belong to one unit — its official paper's
 * issuing body, number, place, recipients and signer (paper.h keys). */
static const char *const schema_v10[] = {
	"CREATE TABLE unit_setting ("
	"  unit_code TEXT NOT NULL REFERENCES unit(code),"
	"  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),"
	"  value TEXT NOT NULL CHECK (length(value) <= 1000),"
	"  updated_at TEXT NOT NULL,"
	"  os_user TEXT NOT NULL,"
	"  PRIMARY KEY (unit_code, key)"
	") WITHOUT ROWID;",
	NULL
};

/* Version 11: reports "as of" a day. An officer is in post from
 * in_post_from (or, when empty, the decision_date) until in_post_until; a
 * team member from joined_on until left_on. A period report counts those in
 * post at its end (figures.c), read from these indexes. */
static const char *const schema_v11[] = {
	"ALTER TABLE staff ADD COLUMN " DATE("in_post_from") ";",
	"ALTER TABLE staff ADD COLUMN " DATE("in_post_until") ";",
	"ALTER TABLE member ADD COLUMN " DATE("left_on") ";",
	/* Team members as of a day, by unit and affiliation, from the index alone
	 * (member_tally counts today's live members, with no dates). */
	"CREATE INDEX member_asof ON member(unit_code, deleted, affiliation, joined_on, left_on,"
	"  created_at);",
	"CREATE INDEX staff_asof ON staff(unit_code, deleted, in_post_from, decision_date,"
	"  in_post_until, created_at);",
	NULL
};

/* Version 12: what the seeds ask about people. A staff record can say that
 * its unit's DT focal point is a department (bộ phận) and this officer is in
 * it (seed 003: "01 bộ phận hoặc 01 cán bộ chuyên trách"); team members get
 * DT-network membership and national-platform access, as staff have. An
 * officer's IT qualifications are a set now (codes joined by ';'): a single
 * code is already a set, so nothing is rewritten. Team members in the network
 * are read from an index alone, as staff are (staff_figures). */
static const char *const schema_v12[] = {
	"ALTER TABLE staff ADD COLUMN " BOOL("focal_department") ";",
	"ALTER TABLE member ADD COLUMN " BOOL("dt_network") ";",
	"ALTER TABLE member ADD COLUMN platforms TEXT;",
	"CREATE INDEX member_network ON member(unit_code, platforms, affiliation)"
	"  WHERE deleted = 0 AND dt_network = 1;",
	NULL
};

/* Version 13: figures a unit enters per year — the denominators of the
 * plans' percentage targets (population 15+, officials, households) and the
 * counts they are shares of (adults with an e-identity, ...), each with its
 * source and date. One live figure per unit, year and indicator. */
static const char *const schema_v13[] = {
	"CREATE TABLE statistic (" COMMON
	YEAR("year") " NOT NULL,"
	"  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 40),"
	"  value INTEGER NOT NULL CHECK (value >= 0),"
	"  source TEXT,"
	DATE("as_of") ","
	"  note TEXT,"
	"  synced_version INTEGER"
	");",
	"CREATE UNIQUE INDEX statistic_key ON statistic(unit_code, year, indicator)"
	"  WHERE deleted = 0;",
	"CREATE INDEX statistic_indicator ON statistic(indicator, year, unit_code, deleted);",
	COUNTED("statistic"),
	VERSION_INTEGER("statistic"),
	NULL
};

/* Version 14: today's map. An abolished unit whose name a current unit also
 * bears is told apart by " (cũ)" ("Tỉnh Gia Lai (cũ)", code 64, beside
 * Tỉnh Gia Lai, 52), as units_load does for a new database
 * (store_unit_mark_former); its search key gets the folded " cu". */
static const char *const schema_v14[] = {
	"UPDATE unit SET name = name || ' (c\xc5\xa9)', name_key = name_key || ' cu'"
	" WHERE status = 'abolished' AND name NOT LIKE '% (c\xc5\xa9)'"
	" AND EXISTS (SELECT 1 FROM unit c WHERE c.name_key = unit.name_key AND c.name = unit.name"
	" AND c.status = 'current');",
	NULL
};

/* Version 15: the soft warnings (forms' `warn` lines) a user confirmed for a
 * record, names joined by ';' (record.h RECORD_WARNINGS_COL): the office
 * above sees what was overridden. */
static const char *const schema_v15[] = {
	"ALTER TABLE village ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE staff ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE training ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE participant ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE team ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE member ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE activity ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE task_progress ADD COLUMN warnings_ok TEXT;",
	"ALTER TABLE statistic ADD COLUMN warnings_ok TEXT;",
	NULL
};

/* Version 16: the recycle bin: which deletion each tombstone belongs to. A delete
 * (store_record_delete) writes one deletion row for the record deleted and
 * one deletion_item for each record that went with it (at its tombstone's
 * version) and each link to the members present of an activity it took out
 * (kind 'present': the activity, member_id the member). Restoring brings back
 * the items still at that version; a purge blanks the personal data and
 * keeps the tombstones. Deletions from before this table have no row: they
 * are restored alone. Local to this database: not in packages. */
static const char *const schema_v16[] = {
	"CREATE TABLE deletion ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  record_id TEXT NOT NULL,"
	"  unit_code TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  deleted_at TEXT NOT NULL,"
	"  os_user TEXT NOT NULL,"
	"  restored_at TEXT,"
	"  purged_at TEXT"
	");",
	"CREATE INDEX deletion_record ON deletion(record_id);",
	"CREATE TABLE deletion_item ("
	"  deletion_id INTEGER NOT NULL REFERENCES deletion(id),"
	"  kind TEXT NOT NULL,"
	"  record_id TEXT NOT NULL,"
	"  member_id TEXT,"
	"  version INTEGER"
	");",
	"CREATE INDEX deletion_item_of ON deletion_item(deletion_id);",
	"CREATE INDEX deletion_item_record ON deletion_item(record_id);",
	/* The bin reads the tombstones of a unit, newest first. */
	"CREATE INDEX village_bin ON village(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX staff_bin ON staff(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX training_bin ON training(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX participant_bin ON participant(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX team_bin ON team(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX member_bin ON member(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX activity_bin ON activity(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX task_progress_bin ON task_progress(unit_code, updated_at) WHERE deleted = 1;",
	"CREATE INDEX statistic_bin ON statistic(unit_code, updated_at) WHERE deleted = 1;",
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
	schema_v7,
	schema_v8,
	schema_v9,
	schema_v10,
	schema_v11,
	schema_v12,
	schema_v13,
	schema_v14,
	schema_v15,
	schema_v16,
	schema_v17,	/* schema-2.c */
};

const int store_schema_latest = (int)(sizeof store_migrations / sizeof store_migrations[0]) - 1;
