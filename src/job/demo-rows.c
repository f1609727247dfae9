/* demo-rows: the demo's records — people, villages, staff, teams with their
 * members and activities, trainings — written through the store's record API. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo-internal.h"
#include "socds/i18n.h"
#include "socds/lists.h"
#include "socds/os.h"
#include "socds/paper.h"
#include "socds/record.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/text.h"

static uint64_t
demo_rand(struct demo *d)
{
	/* xorshift64*: reproducible from the seed, fast enough for millions. */
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return d->rng * 0x2545F4914F6CDD1DULL;
}

int
demo_int(struct demo *d, int lo, int hi)
{
	return lo + (int)(demo_rand(d) % (uint64_t)(hi - lo + 1));
}

static int
demo_chance(struct demo *d, int percent)
{
	return demo_int(d, 1, 100) <= percent;
}

/* Days ago between lo and hi, but never before the unit being filled was
 * formed: a commune formed on 1 July 2025 has no decision of 2024. */
int
demo_ago(struct demo *d, int lo, int hi)
{
	if (hi > d->max_ago)
		hi = d->max_ago;
	if (lo > hi)
		lo = hi;
	return demo_int(d, lo, hi);
}

static const char *
demo_line(struct demo *d, const struct lines *l)
{
	return l->v[demo_rand(d) % l->n];
}

/* Earlier lines more often: surnames are listed by frequency. */
static const char *
demo_line_skewed(struct demo *d, const struct lines *l)
{
	double u = (double)(demo_rand(d) >> 11) / (double)(1ULL << 53);
	size_t i = (size_t)((double)l->n * u * u * u);
	return l->v[i < l->n ? i : l->n - 1];
}

static const char *
demo_code(struct demo *d, const struct list *l)
{
	return l->items[demo_rand(d) % l->n].code;
}

int
demo_push(struct idvec *v, const char *id)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		void *p = realloc(v->v, cap * sizeof *v->v);
		if (p == NULL)
			return -1;
		v->v = p;
		v->cap = cap;
	}
	memcpy(v->v[v->n++], id, UUID_STR_LEN);
	return 0;
}

/* A date `days_ago` days before today as yyyy-mm-dd. */
void
demo_date(struct demo *d, int days_ago, char out[11])
{
	time_t t = d->today - (time_t)days_ago * 86400;
	struct tm tm;

	os_gmtime(t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void
demo_stamp(struct demo *d, struct record *r, int days_ago)
{
	time_t t = d->today - (time_t)days_ago * 86400 + demo_int(d, 7 * 3600, 17 * 3600);
	struct tm tm;

	if (t > time(NULL))
		t = time(NULL);
	os_gmtime(t, &tm);
	strftime(r->created_at, sizeof r->created_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Some records were edited later: version and time move on together. */
	r->version = demo_chance(d, 15) ? demo_int(d, 2, 4) : 1;
	if (r->version > 1 && days_ago > 3) {
		t += (time_t)demo_int(d, 1, days_ago - 1) * 86400;
		if (t > time(NULL))
			t = time(NULL);
		os_gmtime(t, &tm);
	}
	strftime(r->updated_at, sizeof r->updated_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
demo_put_deleted(struct demo *d, enum kind_id k, const char *unit, int days_ago,
    int deleted)
{
	struct record *r = &d->r[k];

	r->id[0] = '\0';
	r->deleted = deleted;
	snprintf(r->unit_code, sizeof r->unit_code, "%s", unit);
	demo_stamp(d, r, days_ago);
	if (store_record_insert(d->s, r, d->e) != 0)
		return -1;
	d->n->rows++;
	if (d->o->progress != NULL && d->n->rows % 20000 == 0)
		d->o->progress(d->n->rows, d->o->arg);
	return 0;
}

int
demo_put(struct demo *d, enum kind_id k, const char *unit, int days_ago)
{
	return demo_put_deleted(d, k, unit, days_ago, 0);
}

void
demo_set(struct demo *d, enum kind_id k, const char *col, const char *v)
{
	record_set_by_name(&d->r[k], col, v);
}

void
demo_setf(struct demo *d, enum kind_id k, const char *col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->buf, sizeof d->buf, fmt, ap);
	va_end(ap);
	record_set_by_name(&d->r[k], col, d->buf);
}

/* A person's name and gender into record k. */
void
demo_person(struct demo *d, enum kind_id k, int *birth_year)
{
	int male = demo_chance(d, 50);
	const char *fam = demo_line_skewed(d, &d->family);
	const char *mid = demo_line(d, male ? &d->mid_m : &d->mid_f);
	const char *giv = demo_line(d, male ? &d->given_m : &d->given_f);

	demo_setf(d, k, "full_name", "%s %s %s", fam, mid, giv);
	demo_set(d, k, "gender", male ? "male" : "female");
	*birth_year = demo_int(d, 1965, 2004);
	demo_setf(d, k, "birth_year", "%d", *birth_year);
	demo_setf(d, k, "phone", "0%d%08d", demo_chance(d, 50) ? 9 : 3,
	    demo_int(d, 0, 99999999));
}

/* A number drawn from the person just made in record k (name and phone),
 * not from the generator: fields added later (schema v12) leave every other
 * demo value as it was. */
static uint64_t
demo_mix(struct demo *d, enum kind_id k)
{
	const char *s[] = { record_get(&d->r[k], "full_name"), record_get(&d->r[k], "phone") };
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 2; i++)
		for (const char *p = s[i]; p != NULL && *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/* The name of the commune's i-th village: the list, then numbered rounds. */
static void
demo_village_name(struct demo *d, size_t i)
{
	/* Each commune starts elsewhere in the list, so names differ between them. */
	size_t at = i + d->village_offset;
	const char *name = d->villages.v[at % d->villages.n];
	size_t round = i / d->villages.n;

	if (round > 0)
		snprintf(d->name, sizeof d->name, "%s %zu", name, round + 1);
	else
		snprintf(d->name, sizeof d->name, "%s", name);
}

/* The commune's figures for last year and this (statistic): population,
 * officials, households (its villages' sum) and the counts of Bình Định's
 * targets, each with a plausible source and date. */
static int
demo_statistics(struct demo *d, const char *unit, int households)
{
	enum kind_id k = KIND_STATISTIC;
	char today[11];
	int year, pop = households * demo_int(d, 340, 390) / 100;

	demo_date(d, 0, today);
	year = atoi(today);
	for (int y = year - 1; y <= year; y++) {
		int p15 = pop * demo_int(d, 740, 790) / 1000, up = (y - year + 2) * 50;
		const struct { const char *code, *source; int v; } f[] = {
			{ "population", "Công an xã (Cơ sở dữ liệu quốc gia về dân cư)", pop },
			{ "population_15", "Công an xã (Cơ sở dữ liệu quốc gia về dân cư)", p15 },
			{ "households", "Công an xã (Cơ sở dữ liệu quốc gia về dân cư)", households },
			{ "officials", "Văn phòng HĐND và UBND xã", demo_int(d, 20, 40) },
			{ "eid_adults", "Công an xã", p15 * (demo_int(d, 400, 700) + up) / 1000 },
			{ "dvc_adults", "Bộ phận Một cửa xã", p15 * (demo_int(d, 350, 650) + up) / 1000 },
			{ "ehealth_people", "Trạm Y tế xã", pop * (demo_int(d, 600, 800) + up) / 1000 },
			{ "cashless_adults", "Ngân hàng Nhà nước chi nhánh khu vực",
			    p15 * (demo_int(d, 550, 800) + up) / 1000 },
			{ "fibre_households", "Doanh nghiệp viễn thông trên địa bàn",
			    households * (demo_int(d, 750, 880) + up) / 1000 },
		};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			demo_setf(d, k, "year", "%d", y);
			demo_set(d, k, "indicator", f[i].code);
			demo_setf(d, k, "value", "%d", f[i].v);
			demo_set(d, k, "source", f[i].source);
			if (y < year)
				demo_setf(d, k, "as_of", "%d-12-31", y);
			else
				demo_set(d, k, "as_of", today);
			if (demo_put(d, k, unit, y < year ? 300 : 5) != 0)
				return -1;
		}
	}
	return 0;
}

int
demo_villages(struct demo *d, const char *commune, struct idvec *ids)
{
	enum kind_id k = KIND_VILLAGE;
	int n = demo_int(d, 6, 10) * d->o->scale, households = 0;

	for (int i = 0; i < n; i++) {
		demo_village_name(d, (size_t)i);
		const char *name = d->name;
		demo_set(d, k, "name", d->name);
		/* The kind follows the name people use for it. */
		demo_set(d, k, "village_kind", strncmp(name, "Tổ", 3) == 0 ? "to_dan_pho" :
		    strncmp(name, "Bản", 4) == 0 ? "ban" :
		    strncmp(name, "Ấp", 4) == 0 ? "ap" :
		    strncmp(name, "Khu phố", 8) == 0 ? "khu_pho" : "thon");
		int hh = demo_int(d, 80, 650);
		households += hh;
		demo_setf(d, k, "households", "%d", hh);
		if (demo_put(d, k, commune, demo_int(d, 300, 365)) != 0 ||
		    demo_push(ids, d->r[k].id) != 0)
			return -1;
		d->n->villages++;
	}
	/* Its figures from a generator of their own, seeded by the commune, so
	 * that every record after them stays as it was; every fourth commune
	 * has entered none (its reports say "not entered"). */
	if (d->n->communes % 4 != 3) {
		uint64_t keep = d->rng;
		d->rng = 0x9E3779B97F4A7C15ULL ^ strtoull(commune, NULL, 10);
		int rc = demo_statistics(d, commune, households);
		d->rng = keep;
		return rc;
	}
	return 0;
}

/* A number from lo to hi drawn from a record's value (its random phone), so
 * that the dates of "as of" reports leave the demo's random sequence as it was. */
static int
demo_of(const char *v, unsigned salt, int lo, int hi)
{
	uint32_t h = 2166136261u ^ salt;

	for (; v != NULL && *v != '\0'; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return lo + (int)(h % (uint32_t)(hi - lo + 1));
}

/* Days from 1 July 2025, when the two-level map took effect (current communes
 * were formed on it), to today (0 before it). */
int
demo_days_since_formed(const struct demo *d)
{
	struct tm tm = { .tm_year = 2025 - 1900, .tm_mon = 6, .tm_mday = 1 };
	time_t t = (time_t)os_timegm(&tm);

	return t < d->today ? (int)((d->today - t) / 86400) : 0;
}

int
demo_staff(struct demo *d, const char *unit, int count, struct idvec *out)
{
	enum kind_id k = KIND_STAFF;
	struct unit u;
	/* A current commune exists since 1 July 2025: its officers are in post
	 * from then on; an older office's from their decisions. */
	int formed = store_unit_get(d->s, unit, &u, d->e) == 0 &&
	    strcmp(u.level, "commune") == 0 && strcmp(u.status, "current") == 0 ?
	    demo_days_since_formed(d) : 0;

	for (int i = 0; i < count; i++) {
		int by;
		char date[11];
		demo_person(d, k, &by);
		/* The Office–Statistics officer is the focal point; others coordinate. */
		int focal = i == 0;
		demo_set(d, k, "position", focal && lists_find(&d->positions, "office_statistics") >= 0 ?
		    "office_statistics" :
		    demo_code(d, &d->positions));
		demo_set(d, k, "employment", focal && demo_chance(d, 60) ? "dedicated" :
		    demo_chance(d, 30) ? "dedicated" : "concurrent");
		/* Some hold two: a degree and a security certificate, a basic
		 * certificate and a DT training one (list order, as forms store). */
		const char *itq = demo_code(d, &d->itq);
		uint64_t mix = demo_mix(d, k);
		bool degree = strstr(itq, "college") || strstr(itq, "university") ||
		    strstr(itq, "postgraduate") || strstr(itq, "vocational");
		if ((degree && mix % 3 == 0) || (strcmp(itq, "it_cert_basic") == 0 && mix % 4 == 0))
			demo_setf(d, k, "it_qualification", "%s;%s", itq,
			    degree ? "infosec_cert" : "dt_training_cert");
		else
			demo_set(d, k, "it_qualification", itq);
		demo_set(d, k, "focal_point", focal ? "1" : "0");
		/* A concurrent focal point is at times a department's officer. */
		demo_set(d, k, "focal_department", focal && (mix >> 8) % 3 == 0 ? "1" : "0");
		const char *ph = record_get(&d->r[k], "phone");
		int dec = -1;
		if (focal || demo_chance(d, 40)) {
			demo_setf(d, k, "decision_no", "%d/QĐ-UBND", demo_int(d, 12, 480));
			dec = demo_ago(d, 200, 700);
			/* A current commune's decisions are its own: signed after 1 July 2025. */
			if (formed > 60 && dec > formed)
				dec = formed - demo_of(ph, 6, 0, 60);
			demo_date(d, dec, date);
			demo_set(d, k, "decision_date", date);
		} else {
			demo_set(d, k, "decision_no", NULL);
			demo_set(d, k, "decision_date", NULL);
		}
		demo_set(d, k, "dt_network", demo_chance(d, 70) ? "1" : "0");
		d->buf[0] = '\0';
		for (size_t p = 0; p < d->platforms.n; p++)
			if (demo_chance(d, 45)) {
				size_t len = strlen(d->buf);
				snprintf(d->buf + len, sizeof d->buf - len, "%s%s", len ? ";" : "",
				    d->platforms.items[p].code);
			}
		demo_set(d, k, "platforms", d->buf[0] ? d->buf : NULL);
		demo_set(d, k, "email", NULL);
		demo_set(d, k, "note", NULL);
		/* In post a few days after the decision, or some day since the
		 * commune was formed; about one in eight has left since. */
		int from = formed <= 60 ? -1 : dec >= 0 ? dec - demo_of(ph, 1, 0, dec < 20 ? dec : 20) :
		    demo_of(ph, 1, formed > 200 ? 200 : 30, formed);
		if (from >= 0)
			demo_date(d, from, date);
		demo_set(d, k, "in_post_from", from >= 0 ? date : NULL);
		if (!focal && (from < 0 || from > 160) && demo_of(ph, 2, 1, 8) == 1) {
			demo_date(d, demo_of(ph, 3, 20, 150), date);
			demo_set(d, k, "in_post_until", date);
		} else
			demo_set(d, k, "in_post_until", NULL);
		if (demo_put(d, k, unit, demo_int(d, 250, 365)) != 0 ||
		    demo_push(out, d->r[k].id) != 0)
			return -1;
		d->n->staff++;
	}
	return 0;
}

static int
demo_activities(struct demo *d, const char *commune, const char *team,
    const struct idvec *team_members)
{
	enum kind_id k = KIND_ACTIVITY;
	int n = demo_int(d, 22, 38);	/* about 2.5 a month */

	demo_set(d, k, "team_id", team);
	for (int i = 0; i < n; i++) {
		/* Held after the team was founded. */
		int ago = demo_int(d, 0, d->team_ago < 364 ? d->team_ago : 364);
		char date[11];
		size_t len = 0;
		demo_date(d, ago, date);
		demo_set(d, k, "held_on", date);
		demo_set(d, k, "place", demo_line(d, &d->places));
		const char *kind = demo_code(d, &d->akinds);
		demo_set(d, k, "activity_kind", kind);
		demo_set(d, k, "description", NULL);
		/* Members present: a few of the team, never the same twice. */
		int present = team_members->n ? demo_int(d, 1, 3) : 0;
		size_t start = team_members->n ? demo_rand(d) % team_members->n : 0;
		d->buf[0] = '\0';
		for (int m = 0; m < present && (size_t)m < team_members->n; m++)
			len += (size_t)snprintf(d->buf + len, sizeof d->buf - len, "%s%s",
			    m ? ";" : "", team_members->v[(start + (size_t)m) % team_members->n]);
		demo_set(d, k, "members_present", d->buf[0] ? d->buf : NULL);
		/* Citizens helped: one to three categories. */
		int cats = demo_int(d, 1, 3);
		size_t c0 = demo_rand(d) % d->helps.n;
		len = 0;
		for (int c = 0; c < cats && (size_t)c < d->helps.n; c++)
			len += (size_t)snprintf(d->buf + len, sizeof d->buf - len, "%s%s=%d",
			    c ? ";" : "", d->helps.items[(c0 + (size_t)c) % d->helps.n].code,
			    demo_int(d, 1, 45));
		demo_set(d, k, "helped", d->buf);
		if (demo_put(d, k, commune, ago) != 0)
			return -1;
		d->n->activities++;
	}
	return 0;
}

int
demo_teams(struct demo *d, const char *commune, const struct idvec *villages)
{
	struct idvec team_members = { 0 };
	int rc = -1;

	for (size_t v = 0; v < villages->n; v++) {
		char date[11];
		/* One village in ten has no team yet: the report must find it. */
		if (demo_chance(d, 10))
			continue;
		enum kind_id k = KIND_TEAM;
		demo_village_name(d, v);
		demo_setf(d, k, "name", "Tổ CNSCĐ %s", d->name);
		demo_set(d, k, "village_id", villages->v[v]);
		demo_setf(d, k, "decision_no", "%d/QĐ-UBND", demo_int(d, 10, 300));
		d->team_ago = demo_ago(d, 150, 900);
		demo_date(d, d->team_ago, date);
		demo_set(d, k, "founded_on", date);
		if (demo_put(d, k, commune, demo_int(d, d->team_ago * 9 / 10, d->team_ago)) != 0)
			goto out;
		d->n->teams++;
		char team[UUID_STR_LEN];
		memcpy(team, d->r[k].id, sizeof team);

		team_members.n = 0;
		int nm = demo_int(d, 4, 7);
		for (int m = 0; m < nm; m++) {
			int by;
			k = KIND_MEMBER;
			demo_set(d, k, "team_id", team);
			demo_person(d, k, &by);
			demo_set(d, k, "role", m == 0 ? "leader" : m == 1 ? "deputy" : "member");
			/* The village head usually leads; Youth Union members join. */
			demo_set(d, k, "affiliation", m == 0 && d->affils.n ? d->affils.items[0].code :
			    demo_code(d, &d->affils));
			/* Members joined when the team was founded or later. */
			int joined = demo_int(d, d->team_ago * 2 / 3, d->team_ago);
			demo_date(d, joined, date);
			demo_set(d, k, "joined_on", date);
			/* Most are on the network's list; some have platform accounts. */
			uint64_t mix = demo_mix(d, k);
			demo_set(d, k, "dt_network", mix % 10 < 6 ? "1" : "0");
			d->buf[0] = '\0';
			for (size_t p = 0; p < d->platforms.n && mix % 10 < 6; p++)
				if ((mix >> (8 + 3 * p)) % 8 < 3) {
					size_t len = strlen(d->buf);
					snprintf(d->buf + len, sizeof d->buf - len, "%s%s", len ? ";" : "",
					    d->platforms.items[p].code);
				}
			demo_set(d, k, "platforms", d->buf[0] ? d->buf : NULL);
			/* About one member in ten has left the team, a while ago. */
			const char *ph = record_get(&d->r[k], "phone");
			if (m >= 2 && demo_of(ph, 4, 1, 10) == 1)
				demo_date(d, demo_of(ph, 5, 15, 180), date);
			demo_set(d, k, "left_on", m >= 2 && demo_of(ph, 4, 1, 10) == 1 ? date : NULL);
			/* A few members left: their tombstones travel upward too. */
			int left = m >= 2 && demo_chance(d, 3);
			if (demo_put_deleted(d, k, commune, demo_int(d, joined * 9 / 10, joined), left) != 0)
				goto out;
			if (left)
				continue;
			d->n->members++;
			if (demo_push(&team_members, d->r[k].id) != 0 ||
			    (d->members.n < 4000 && demo_push(&d->members, d->r[k].id) != 0))
				goto out;
		}
		if (demo_activities(d, commune, team, &team_members) != 0)
			goto out;
	}
	rc = 0;
out:
	free(team_members.v);
	return rc;
}

int
demo_trainings(struct demo *d, const char *unit, int count, const struct idvec *staff,
    const struct idvec *members)
{
	for (int t = 0; t < count; t++) {
		enum kind_id k = KIND_TRAINING;
		int ago = demo_ago(d, 5, 360), days = demo_int(d, 0, 2);
		char date[11];
		/* A title and, after '|', the topic it is about. */
		const char *line = demo_line(d, &d->titles), *bar = strchr(line, '|');
		int tl = bar != NULL ? (int)(bar - line) : (int)strlen(line);
		demo_setf(d, k, "title", "%.*s", tl, line);
		demo_set(d, k, "topic", bar != NULL && lists_find(&d->topics, bar + 1) >= 0 ?
		    bar + 1 : demo_code(d, &d->topics));
		const char *fmt = demo_code(d, &d->formats);
		demo_set(d, k, "format", fmt);
		demo_set(d, k, "organizer", demo_chance(d, 50) ? d->office : d->local);
		demo_date(d, ago, date);
		demo_set(d, k, "start_date", date);
		demo_date(d, ago - days, date);
		demo_set(d, k, "end_date", date);
		demo_setf(d, k, "hours", "%d", (days + 1) * 4);
		demo_set(d, k, "place", strcmp(fmt, "online") == 0 ? "Trực tuyến" :
		    demo_line(d, &d->places));
		if (demo_put(d, k, unit, ago) != 0)
			return -1;
		d->n->trainings++;
		char training[UUID_STR_LEN];
		memcpy(training, d->r[k].id, sizeof training);

		/* Participants: several staff and some team members, each once. */
		k = KIND_PARTICIPANT;
		demo_set(d, k, "training_id", training);
		size_t ns = staff->n ? (size_t)demo_int(d, 2, 8) : 0;
		size_t s0 = staff->n ? demo_rand(d) % staff->n : 0;
		for (size_t i = 0; i < ns && i < staff->n; i++) {
			/* Every fourth officer has not been to a training yet: the report
			 * must name someone. */
			if ((s0 + i) % staff->n % 4 == 3)
				continue;
			demo_set(d, k, "staff_id", staff->v[(s0 + i) % staff->n]);
			demo_set(d, k, "member_id", NULL);
			int attended = demo_chance(d, 92);
			demo_set(d, k, "attended", attended ? "1" : "0");
			demo_set(d, k, "certificate", attended && demo_chance(d, 60) ? "1" : "0");
			if (demo_put(d, k, unit, ago) != 0)
				return -1;
			d->n->participants++;
		}
		size_t nm = members->n ? (size_t)demo_int(d, 0, 6) : 0;
		size_t m0 = members->n ? demo_rand(d) % members->n : 0;
		for (size_t i = 0; i < nm && i < members->n; i++) {
			demo_set(d, k, "staff_id", NULL);
			demo_set(d, k, "member_id", members->v[(m0 + i) % members->n]);
			demo_set(d, k, "attended", demo_chance(d, 90) ? "1" : "0");
			demo_set(d, k, "certificate", "0");
			if (demo_put(d, k, unit, ago) != 0)
				return -1;
			d->n->participants++;
		}
	}
	return 0;
}
