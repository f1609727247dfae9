-- The merge baseline's second half (make-packages.sh puts it after the
-- .import of every package CSV into TEMP staging tables in_KIND): the staged
-- rows into socds's own tables, with their indexes, constraints and foreign
-- keys, the activities' child rows split out of their cells. Name keys stand
-- in for socds's folded names and collation keys: lower(name), the name as a
-- blob. Runs inside the transaction the .import lines opened.
INSERT INTO village(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    name, village_kind, households, note, name_key, name_sort)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    name, NULLIF(village_kind, ''), NULLIF(households, ''), NULLIF(note, ''), lower(name),
    CAST(name AS BLOB) FROM in_village;
INSERT INTO staff(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    full_name, gender, birth_year, position, employment, it_qualification, focal_point,
    decision_no, decision_date, dt_network, platforms, phone, email, note, name_key, name_sort)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    full_name, NULLIF(gender, ''), NULLIF(birth_year, ''), NULLIF(position, ''),
    NULLIF(employment, ''), NULLIF(it_qualification, ''), ifnull(NULLIF(focal_point, ''), 0),
    NULLIF(decision_no, ''), NULLIF(decision_date, ''), ifnull(NULLIF(dt_network, ''), 0),
    NULLIF(platforms, ''), NULLIF(phone, ''), NULLIF(email, ''), NULLIF(note, ''),
    lower(full_name), CAST(full_name AS BLOB) FROM in_staff;
INSERT INTO training(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    title, topic, format, organizer, start_date, end_date, hours, place, note, name_key, name_sort)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    title, NULLIF(topic, ''), NULLIF(format, ''), NULLIF(organizer, ''), NULLIF(start_date, ''),
    NULLIF(end_date, ''), NULLIF(hours, ''), NULLIF(place, ''), NULLIF(note, ''),
    lower(title), CAST(title AS BLOB) FROM in_training;
INSERT INTO team(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    name, village_id, decision_no, founded_on, note, name_key, name_sort)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    name, NULLIF(village_id, ''), NULLIF(decision_no, ''), NULLIF(founded_on, ''), NULLIF(note, ''),
    lower(name), CAST(name AS BLOB) FROM in_team;
INSERT INTO member(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    team_id, full_name, gender, birth_year, role, affiliation, phone, joined_on, note,
    name_key, name_sort)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    team_id, full_name, NULLIF(gender, ''), NULLIF(birth_year, ''), NULLIF(role, ''),
    NULLIF(affiliation, ''), NULLIF(phone, ''), NULLIF(joined_on, ''), NULLIF(note, ''),
    lower(full_name), CAST(full_name AS BLOB) FROM in_member;
INSERT INTO participant(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    training_id, staff_id, member_id, attended, certificate, note)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    training_id, NULLIF(staff_id, ''), NULLIF(member_id, ''), ifnull(NULLIF(attended, ''), 0),
    ifnull(NULLIF(certificate, ''), 0), NULLIF(note, '') FROM in_participant;
INSERT INTO activity(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    team_id, held_on, place, activity_kind, description)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    team_id, held_on, NULLIF(place, ''), NULLIF(activity_kind, ''), NULLIF(description, '')
FROM in_activity;
INSERT INTO activity_member(activity_id, member_id)
SELECT a.id, j.value FROM in_activity a,
    json_each('["' || replace(a.members_present, ';', '","') || '"]') j
WHERE a.members_present <> '';
INSERT INTO activity_help(activity_id, category, count)
SELECT a.id, substr(j.value, 1, instr(j.value, '=') - 1), substr(j.value, instr(j.value, '=') + 1)
FROM in_activity a, json_each('["' || replace(a.helped, ';', '","') || '"]') j
WHERE a.helped <> '';
INSERT INTO task_progress(id, unit_code, created_at, updated_at, version, deleted, synced_version,
    task_code, status, progress_note, evidence_no, evidence_date)
SELECT id, unit_code, created_at, updated_at, version, deleted, version,
    task_code, status, NULLIF(progress_note, ''), NULLIF(evidence_no, ''), NULLIF(evidence_date, '')
FROM in_task_progress;
