/* schema-2: migrations from version 17 on (schema.c holds 1-16). The same
 * rules: each runs once, in order; never edit one that has shipped. */
#include "store-internal.h"

/* Version 17: closing the loop with the office above (issue 17).
 *
 * At the office: merge_row keeps each package row's outcome, so that a
 * receipt can tell the unit what became of every row; receipt_issued
 * numbers the receipts sent to each unit below.
 *
 * At the commune: package_sent names each package made here (a receipt
 * must answer one of them); receipt_taken the receipts read in from the
 * office above; ack the version of each record the office has accepted
 * (a change-only package carries what is newer); remark what the office
 * rejected or holds in conflict, until the record is fixed.
 *
 * At both: approval, a unit's period approved by an office above (and
 * reopened), which locks its records at the unit. One row per approval id
 * ("OFFICE:N"); revision grows with each change so that the newest wins
 * when it travels down in receipts.
 *
 * All local: none of these travels in packages. */
const char *const schema_v17[] = {
	"CREATE TABLE merge_row ("
	"  merge_seq INTEGER NOT NULL REFERENCES merge_log(seq),"
	"  record_id TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  version INTEGER,"
	"  outcome TEXT NOT NULL CHECK (outcome IN"
	"   ('inserted', 'updated', 'unchanged', 'deleted', 'rejected', 'conflict')),"
	"  office_version INTEGER,"
	"  reason TEXT,"
	"  PRIMARY KEY (merge_seq, record_id)"
	") WITHOUT ROWID;",
	"CREATE TABLE receipt_issued ("
	"  unit_code TEXT NOT NULL,"
	"  number INTEGER NOT NULL CHECK (number >= 1),"
	"  merge_seq INTEGER REFERENCES merge_log(seq),"
	"  sha256 TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (unit_code, number)"
	") WITHOUT ROWID;",
	"CREATE TABLE package_sent ("
	"  sha256 TEXT PRIMARY KEY NOT NULL,"
	"  file TEXT NOT NULL,"
	"  made_at TEXT NOT NULL,"
	"  content TEXT NOT NULL DEFAULT 'whole' CHECK (content IN ('whole', 'changes')),"
	"  base_sha256 TEXT"
	") WITHOUT ROWID;",
	"CREATE TABLE receipt_taken ("
	"  office TEXT NOT NULL,"
	"  number INTEGER NOT NULL CHECK (number >= 1),"
	"  sha256 TEXT NOT NULL,"
	"  package_sha256 TEXT,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (office, number)"
	") WITHOUT ROWID;",
	"CREATE TABLE ack ("
	"  record_id TEXT PRIMARY KEY NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  version INTEGER NOT NULL CHECK (version >= 1)"
	") WITHOUT ROWID;",
	"CREATE TABLE remark ("
	"  record_id TEXT PRIMARY KEY NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  unit_code TEXT,"
	"  version INTEGER,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('rejected', 'conflict')),"
	"  reason TEXT,"
	"  office_version INTEGER,"
	"  office_values TEXT,"
	"  at TEXT NOT NULL"
	") WITHOUT ROWID;",
	"CREATE TABLE approval ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  unit_code TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  date_from TEXT NOT NULL,"
	"  date_to TEXT NOT NULL CHECK (date_to >= date_from),"
	"  state TEXT NOT NULL CHECK (state IN ('approved', 'reopened')),"
	"  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),"
	"  at TEXT NOT NULL,"
	"  by_unit TEXT NOT NULL,"
	"  by_user TEXT NOT NULL,"
	"  reason TEXT,"
	"  UNIQUE (by_unit, unit_code, period)"
	") WITHOUT ROWID;",
	"CREATE INDEX approval_unit ON approval(unit_code, state, date_from);",
	NULL
};
