/* dupes: the likely-duplicate rule (dupes.h says it in words); the store
 * gives the namesakes (store_people_named), this decides and ranks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/dupes.h"
#include "socds/i18n.h"
#include "socds/text.h"

void
dupes_phone_key(const char *s, char *out, size_t size)
{
	char d[32];
	const char *p;
	size_t n = 0;

	for (p = s != NULL ? s : ""; *p != '\0' && n + 1 < sizeof d; p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	d[n] = '\0';
	p = d;
	if (strncmp(p, "00", 2) == 0)		/* 0084... as dialled abroad */
		p += 2;
	if (strncmp(p, "84", 2) == 0 && strlen(p) >= 11) {	/* +84 912...: 0912... */
		p += 2;
		if (*p == '0')			/* +84 (0) 912... */
			p++;
		snprintf(out, size, "0%s", p);
		return;
	}
	snprintf(out, size, "%s", strlen(p) >= 9 ? p : "");
}

static int
dupes_year(const char *v)
{
	return v != NULL && *v ? (int)strtol(v, NULL, 10) : 0;
}

struct dupes_walk {
	struct dupes *out;
	int year;
	char phone[32];
	const char *unit;
};

/* Lower is closer. */
static int
dupes_score(const struct dupe *d, const char *unit)
{
	return (int)d->how * 4 + (d->phone ? 0 : 2) + (strcmp(d->p.unit_code, unit) == 0 ? 0 : 1);
}

static int
dupes_take(const struct store_person *p, void *arg)
{
	struct dupes_walk *w = arg;
	struct dupes *o = w->out;
	struct dupe d = { .p = *p };
	char phone[32];
	int at, score;

	dupes_phone_key(p->phone, phone, sizeof phone);
	d.phone = phone[0] != '\0' && strcmp(phone, w->phone) == 0;
	if (w->year > 0 && p->birth_year > 0 && w->year == p->birth_year)
		d.how = DUPES_NAME_YEAR;
	else if (d.phone)
		d.how = DUPES_NAME_PHONE;
	else if (w->year == 0 || p->birth_year == 0)
		d.how = DUPES_NAME;
	else
		return 0;	/* a namesake born another year */
	o->total++;
	/* Kept in order, the closest DUPES_MAX; the first found stays first
	 * among equals. */
	score = dupes_score(&d, w->unit);
	for (at = o->n; at > 0 && dupes_score(&o->d[at - 1], w->unit) > score; at--)
		;
	if (at >= DUPES_MAX)
		return 0;
	if (o->n < DUPES_MAX)
		o->n++;
	memmove(&o->d[at + 1], &o->d[at], (size_t)(o->n - 1 - at) * sizeof o->d[0]);
	o->d[at] = d;
	return 0;
}

int
dupes_find(struct store *s, const struct record *r, int64_t mark, struct dupes *out,
    struct err *e)
{
	const struct kind *k = r->kind;
	const char *name = k->name_col >= 0 ? r->val[k->name_col] : NULL;
	struct dupes_walk w = { .out = out, .unit = r->unit_code };
	struct tbuf key = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if (!k->person || name == NULL || *name == '\0' || r->unit_code[0] == '\0')
		return 0;
	if (text_fold(name, &key) != 0) {
		tbuf_free(&key);
		return err_set(e, ERR_INVALID, _("the name is not valid UTF-8"));
	}
	w.year = dupes_year(record_get(r, "birth_year"));
	dupes_phone_key(record_get(r, "phone"), w.phone, sizeof w.phone);
	rc = key.len == 0 ? 0 : store_people_named(s, key.p, r->unit_code, r->id[0] ? r->id : NULL,
	    k, mark, dupes_take, &w, e);
	tbuf_free(&key);
	return rc;
}

bool
dupes_changed(const struct record *before, const struct record *after)
{
	static const char *const cols[] = { "birth_year", "phone" };
	const struct kind *k = after->kind;
	struct tbuf a = { 0 }, b = { 0 };
	bool changed;

	if (!k->person || before->kind != k)
		return false;
	if (strcmp(before->unit_code, after->unit_code) != 0)
		return true;
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const char *x = record_get(before, cols[i]), *y = record_get(after, cols[i]);
		if (strcmp(x != NULL ? x : "", y != NULL ? y : "") != 0)
			return true;
	}
	changed = text_fold(before->val[k->name_col] ? before->val[k->name_col] : "", &a) != 0 ||
	    text_fold(after->val[k->name_col] ? after->val[k->name_col] : "", &b) != 0 ||
	    a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0);
	tbuf_free(&a);
	tbuf_free(&b);
	return changed;
}

const char *
dupes_where(const struct dupe *d, char *buf, size_t size)
{
	if (d->p.kind == &record_kinds[KIND_MEMBER])
		snprintf(buf, size, _("member of %s, %s %s"), d->p.team_name, d->p.unit_code,
		    d->p.unit_name);
	else
		snprintf(buf, size, _("staff, %s %s"), d->p.unit_code, d->p.unit_name);
	err_utf8_cut(buf);
	return buf;
}

int
dupes_warning(struct store *s, const struct record *r, int64_t mark, const char *label,
    char *msg, size_t size, struct err *e)
{
	struct dupes d;
	char where[400], born[16] = "?";

	msg[0] = '\0';
	if (dupes_find(s, r, mark, &d, e) != 0)
		return e->code;
	if (d.n == 0)
		return 0;
	if (d.d[0].p.birth_year > 0)
		snprintf(born, sizeof born, "%d", d.d[0].p.birth_year);
	dupes_where(&d.d[0], where, sizeof where);
	if (d.total > 1)
		snprintf(msg, size, _("%s: likely duplicate: '%s', born %s, is already recorded (%s)"
		    " and %d more"), label, d.d[0].p.name, born, where, d.total - 1);
	else
		snprintf(msg, size, _("%s: likely duplicate: '%s', born %s, is already recorded"
		    " (%s)"), label, d.d[0].p.name, born, where);
	err_utf8_cut(msg);
	return 0;
}
