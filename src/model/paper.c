/* paper: the official paper's parts from the unit's settings and defaults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/paper.h"
#include "socds/store-unit.h"
#include "socds/text.h"

const struct paper_key_def paper_keys[PAPER_NKEYS] = {
	[PAPER_BODY_ABOVE] = { "body_above", "body-above", N_("body above the issuing body"), 120 },
	[PAPER_BODY] = { "body", "body", N_("issuing body"), 120 },
	[PAPER_PLACE] = { "place", "place", N_("place before the date"), 60 },
	[PAPER_NUMBER] = { "number", "number", N_("report number"), 12 },
	[PAPER_NUMBER_SUFFIX] = { "number_suffix", "number-suffix",
	    N_("number suffix (BC-...)"), 30 },
	[PAPER_ADDRESSEE] = { "addressee", "addressee", N_("addressee (Kính gửi)"), 300 },
	[PAPER_RECIPIENTS] = { "recipients", "recipients", N_("recipients (Nơi nhận)"), 600 },
	[PAPER_ON_BEHALF] = { "on_behalf", "on-behalf", N_("on behalf of (TM.)"), 80 },
	[PAPER_HEAD_TITLE] = { "head_title", "signer-title", N_("head's title"), 80 },
	[PAPER_DEPUTY_TITLE] = { "deputy_title", "deputy-title", N_("deputy's title"), 80 },
	[PAPER_DEPUTY] = { "deputy", "deputy", N_("the deputy signs"), 1 },
	[PAPER_SIGNER_NAME] = { "signer_name", "signer-name", N_("signer's name"), 80 },
};

int
paper_key_by_option(const char *name)
{
	for (int k = 0; k < PAPER_NKEYS; k++)
		if (strcmp(paper_keys[k].option, name) == 0 || strcmp(paper_keys[k].key, name) == 0)
			return k;
	return -1;
}

static void
paper_put(struct paper *p, enum paper_key k, const char *v)
{
	snprintf(p->v[k], sizeof p->v[k], "%s", v);
}

/* "Xã Cát Tân" -> "Cát Tân": the unit's name without its kind. */
static const char *
paper_bare_name(const struct unit *u)
{
	size_t kl = strlen(u->kind);

	if (kl > 0 && strncmp(u->name, u->kind, kl) == 0 && u->name[kl] == ' ')
		return u->name + kl + 1;
	return u->name;
}

/* "Tỉnh Gia Lai" -> "tỉnh Gia Lai": a name inside a phrase takes its kind in lower case. */
static void
paper_inner_name(const struct unit *u, char *buf, size_t size)
{
	snprintf(buf, size, "%s", u->name);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	else if ((unsigned char)buf[0] == 0xC4 && (unsigned char)buf[1] == 0x90)
		buf[1] = (char)0x91;	/* Đ -> đ */
}

/* What sets one level's paper apart: its body ("UBND <NAME>" is the body
 * itself when body is NULL, else the body above it), the number's suffix, the
 * signer's words. */
struct paper_level {
	const char *level, *body, *suffix, *on_behalf, *head, *deputy;
};

static const struct paper_level paper_levels[] = {
	{ "commune", NULL, "BC-UBND", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH" },
	{ "district", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "BC-VHTT", "", "TRƯỞNG PHÒNG",
	    "PHÓ TRƯỞNG PHÒNG" },
	{ "province", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "BC-SKHCN", "", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC" },
};

/* The recipients by default: the body above the unit's, to report to. */
static void
paper_default_recipients(const struct unit *u, const struct unit *parent, char *buf,
    size_t size)
{
	char pn[160], un[160];

	paper_inner_name(u, un, sizeof un);
	if (parent != NULL)
		paper_inner_name(parent, pn, sizeof pn);
	if (strcmp(u->level, "commune") == 0 && parent != NULL)
		snprintf(buf, size, "%s %s (để báo cáo)", strcmp(parent->level, "district") == 0 ?
		    "Phòng Văn hóa và Thông tin" : "Sở Khoa học và Công nghệ", pn);
	else if (strcmp(u->level, "commune") == 0)
		snprintf(buf, size, "%s", "Sở Khoa học và Công nghệ (để báo cáo)");
	else if (strcmp(u->level, "district") == 0 && parent != NULL)
		snprintf(buf, size, "Sở Khoa học và Công nghệ %s (để báo cáo);UBND %s"
		    " (để báo cáo)", pn, un);
	else if (strcmp(u->level, "district") == 0)
		snprintf(buf, size, "UBND %s (để báo cáo)", un);
	else
		snprintf(buf, size, "Bộ Khoa học và Công nghệ (để báo cáo);UBND %s (để báo cáo)",
		    un);
}

void
paper_defaults_of(const struct unit *u, const struct unit *parent, struct paper *p)
{
	const struct paper_level *l = &paper_levels[2];
	struct tbuf up = { 0 };
	char buf[PAPER_VALUE_MAX];

	for (size_t i = 0; i < sizeof paper_levels / sizeof paper_levels[0]; i++)
		if (strcmp(u->level, paper_levels[i].level) == 0)
			l = &paper_levels[i];
	memset(p, 0, sizeof *p);
	text_upper(u->name, &up);
	paper_put(p, PAPER_PLACE, paper_bare_name(u));
	paper_put(p, PAPER_DEPUTY, "0");
	snprintf(buf, sizeof buf, "UBND %s", up.p ? up.p : "");
	paper_put(p, l->body == NULL ? PAPER_BODY : PAPER_BODY_ABOVE, buf);
	if (l->body != NULL)
		paper_put(p, PAPER_BODY, l->body);
	paper_put(p, PAPER_NUMBER_SUFFIX, l->suffix);
	paper_put(p, PAPER_ON_BEHALF, l->on_behalf);
	paper_put(p, PAPER_HEAD_TITLE, l->head);
	paper_put(p, PAPER_DEPUTY_TITLE, l->deputy);
	paper_default_recipients(u, parent, buf, sizeof buf);
	paper_put(p, PAPER_RECIPIENTS, buf);
	tbuf_free(&up);
}

int
paper_take(struct paper *p, const char *key, const char *value)
{
	int k = paper_key_by_option(key);

	/* A key this version does not know (a newer one wrote it) is left alone. */
	if (k >= 0 && strcmp(paper_keys[k].key, key) == 0) {
		paper_put(p, (enum paper_key)k, value);
		p->set[k] = true;
	}
	return 0;
}

int
paper_clean(enum paper_key k, const char *value, char *out, size_t size, struct err *e)
{
	const struct paper_key_def *d = &paper_keys[k];
	struct tbuf t = { 0 };
	size_t bad = 0, n = 0;

	if (!text_utf8_valid(value, strlen(value), &bad))
		return err_set(e, ERR_INVALID, _("--%s: not valid UTF-8 text (byte %zu)"), d->option,
		    bad + 1);
	for (const unsigned char *c = (const unsigned char *)value; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return err_set(e, ERR_INVALID, _("--%s: a control character (line break, tab)"
			    " is not allowed in %s"), d->option, _(d->label));
	if (text_clean(value, &t) != 0) {
		tbuf_free(&t);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	for (const unsigned char *c = (const unsigned char *)(t.p ? t.p : ""); *c; c++)
		n += (*c & 0xC0) != 0x80;
	if (n > d->max || t.len >= size) {
		tbuf_free(&t);
		return err_set(e, ERR_INVALID, _("--%s: %s is too long (%zu characters, at most %zu)"),
		    d->option, _(d->label), n, d->max);
	}
	if (k == PAPER_DEPUTY && t.len > 0 && strcmp(t.p, "0") != 0 && strcmp(t.p, "1") != 0) {
		tbuf_free(&t);
		return err_set(e, ERR_INVALID, _("--%s: give 0 or 1"), d->option);
	}
	snprintf(out, size, "%s", t.p ? t.p : "");
	tbuf_free(&t);
	return 0;
}

int
paper_signer_lines(const struct paper *p, const char *lines[3])
{
	int n = 0;
	bool deputy = strcmp(p->v[PAPER_DEPUTY], "1") == 0;
	static char kt[PAPER_VALUE_MAX + 8];

	if (p->v[PAPER_ON_BEHALF][0] != '\0')
		lines[n++] = p->v[PAPER_ON_BEHALF];
	if (deputy) {
		snprintf(kt, sizeof kt, "KT. %s", p->v[PAPER_HEAD_TITLE]);
		lines[n++] = kt;
		lines[n++] = p->v[PAPER_DEPUTY_TITLE];
	} else
		lines[n++] = p->v[PAPER_HEAD_TITLE];
	return n;
}

/* s without the blanks around it, into out. */
static void
paper_trim(const char *s, size_t len, char *out, size_t size)
{
	while (len > 0 && (*s == ' ' || *s == '-'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.' || s[len - 1] == ';'))
		len--;
	snprintf(out, size, "%.*s", (int)len, s);
}

int
paper_recipients(const struct paper *p, char list[][PAPER_VALUE_MAX], int max)
{
	const char *r = p->v[PAPER_RECIPIENTS];
	int n = 0;
	bool kept = false;

	if (p->v[PAPER_ADDRESSEE][0] != '\0' && n < max)
		snprintf(list[n++], PAPER_VALUE_MAX, "%s", "Như trên");
	while (*r != '\0' && n < max - 1) {
		const char *end = strchr(r, ';');
		size_t len = end != NULL ? (size_t)(end - r) : strlen(r);
		paper_trim(r, len, list[n], PAPER_VALUE_MAX);
		if (list[n][0] != '\0') {
			kept = kept || strncmp(list[n], "Lưu", strlen("Lưu")) == 0;
			n++;
		}
		r += len + (end != NULL);
	}
	if (!kept && n < max)
		snprintf(list[n++], PAPER_VALUE_MAX, "%s", "Lưu: VT");
	return n;
}
