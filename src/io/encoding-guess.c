/* encoding-guess: the encodings socds knows by name, and "auto": whether a
 * file that is not UTF-8 reads as Vietnamese in Windows-1258. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/encoding.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/text.h"
#include "encoding-int.h"

static const struct enc_info enc_table[] = {
	{ "utf-8", { "utf8", NULL, NULL }, NULL, "UTF-8" },
	{ "cp1258", { "windows-1258", "windows1258", NULL }, "CP1258", "Windows-1258" },
	{ "viscii", { NULL, NULL, NULL }, "VISCII", "VISCII" },
	{ "tcvn", { "tcvn3", "tcvn5712", "tcvn5712-1" }, "TCVN5712-1", "TCVN 5712" },
};
#define ENC_N (sizeof enc_table / sizeof enc_table[0])

const struct enc_info *
enc_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < ENC_N; i++) {
		if (strcasecmp(name, enc_table[i].name) == 0)
			return &enc_table[i];
		for (size_t k = 0; k < 3 && enc_table[i].alias[k] != NULL; k++)
			if (strcasecmp(name, enc_table[i].alias[k]) == 0)
				return &enc_table[i];
	}
	return NULL;
}

const char *
encoding_canonical(const char *enc)
{
	const struct enc_info *in;

	if (enc != NULL && strcasecmp(enc, "auto") == 0)
		return "auto";
	in = enc_find(enc);
	return in != NULL ? in->name : NULL;
}

const char *
encoding_display(const char *enc)
{
	const struct enc_info *in = enc_find(enc);

	return in != NULL ? in->display : enc;
}

int
enc_unknown(const char *enc, struct err *e)
{
	return err_set(e, ERR_USAGE,
	    _("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"),
	    enc != NULL ? enc : "");
}

/* --- "auto": is it Vietnamese read as Windows-1258? --- */

/* The vowels of Vietnamese with their five tones, lower case then upper
 * case: row % 12 is the vowel (a ă â e ê i o ô ơ u ư y), column the tone. */
static const char *const enc_vowel_rows[24] = {
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
	"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
};

/* Decodes the UTF-8 character at *s (valid: text_nfc gave it); moves on. */
static int32_t
enc_next_cp(const char **s)
{
	const unsigned char *u = (const unsigned char *)*s;
	int32_t cp;
	int n;

	if (u[0] < 0x80) {
		(*s)++;
		return u[0];
	}
	n = u[0] >= 0xf0 ? 3 : u[0] >= 0xe0 ? 2 : 1;
	cp = u[0] & (0x3f >> n);
	for (int i = 1; i <= n && u[i] != '\0'; i++)
		cp = (cp << 6) | (u[i] & 0x3f);
	*s += n + 1;
	return cp;
}

/* A letter of the Vietnamese alphabet: 'v' with *vowel (0-11) and *tone
 * (0-5) for a vowel, 'c' for a consonant (*vowel gets it in lower case,
 * 'D' for đ), 0 for anything else. */
static int
enc_letter(int32_t cp, int *vowel, int *tone)
{
	static int32_t tab[24][6];
	static bool ready;

	if (!ready) {
		for (int r = 0; r < 24; r++) {
			const char *p = enc_vowel_rows[r];
			for (int t = 0; t < 6; t++)
				tab[r][t] = enc_next_cp(&p);
		}
		ready = true;
	}
	if (cp < 0x80) {
		int c = cp | 0x20;
		if (c < 'a' || c > 'z' || ((cp < 'A' || cp > 'Z') && (cp < 'a' || cp > 'z')))
			return 0;
		for (int r = 0; r < 12; r++)
			if (tab[r][0] == c) {
				*vowel = r;
				*tone = 0;
				return 'v';
			}
		*vowel = c;
		return 'c';
	}
	if (cp == 0x110 || cp == 0x111) {
		*vowel = 'D';
		return 'c';
	}
	for (int r = 0; r < 24; r++)
		for (int t = 0; t < 6; t++)
			if (tab[r][t] == cp) {
				*vowel = r % 12;
				*tone = t;
				return 'v';
			}
	return 0;
}

/* Punctuation Windows-1258 text often holds: neither for nor against. */
static bool
enc_neutral(int32_t cp)
{
	switch (cp) {
	case 0xa0: case 0xab: case 0xb0: case 0xbb: case 0xb7:
	case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201c: case 0x201d:
	case 0x2022: case 0x2026: case 0x20ab: case 0x20ac:
		return true;
	}
	return false;
}

/* Whether the letters w[0..n) (kinds and values from enc_letter) make one
 * syllable: initial consonants, one to three vowels with at most one tone,
 * final consonants, each from the alphabet's own lists. */
static bool
enc_syllable(const int *kind, const int *val, const int *tone, int n)
{
	static const char *const initials[] = { "", "b", "c", "ch", "d", "D", "g", "gh",
		"gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "q", "r",
		"s", "t", "th", "tr", "v", "x" };
	static const char *const finals[] = { "", "c", "ch", "m", "n", "ng", "nh", "p",
		"t" };
	char ini[8] = "", fin[8] = "";
	int i = 0, nv = 0, tones = 0, k;

	for (k = 0; i < n && kind[i] == 'c'; i++) {
		if (k >= 3)
			return false;
		ini[k++] = (char)val[i];
		ini[k] = '\0';
	}
	for (; i < n && kind[i] == 'v'; i++) {
		nv++;
		tones += tone[i] != 0;
	}
	for (k = 0; i < n && kind[i] == 'c'; i++) {
		if (k >= 2)
			return false;
		fin[k++] = (char)val[i];
		fin[k] = '\0';
	}
	if (i < n || nv < 1 || nv > 3 || tones > 1)
		return false;
	bool ok_i = false, ok_f = false;
	for (size_t j = 0; j < sizeof initials / sizeof initials[0]; j++)
		ok_i = ok_i || strcmp(ini, initials[j]) == 0;
	for (size_t j = 0; j < sizeof finals / sizeof finals[0]; j++)
		ok_f = ok_f || strcmp(fin, finals[j]) == 0;
	return ok_i && ok_f;
}

void
encoding_score(const char *utf8, struct encoding_score *sc)
{
	enum { MAXW = 16 };
	int kind[MAXW], val[MAXW], tone[MAXW], n = 0, high = 0;
	const char *p = utf8;
	bool too_long = false;

	for (;;) {
		int v = 0, t = 0, k = 0;
		int32_t cp = *p != '\0' ? enc_next_cp(&p) : 0;
		if (cp != 0)
			k = enc_letter(cp, &v, &t);
		if (k != 0) {
			if (n < MAXW) {
				kind[n] = k;
				val[n] = v;
				tone[n] = t;
				n++;
			} else
				too_long = true;
			high += cp >= 0x80;
			continue;
		}
		/* The end of a word: its letters beyond ASCII count for or
		 * against; words of ASCII alone tell nothing. */
		if (high > 0) {
			if (!too_long && enc_syllable(kind, val, tone, n))
				sc->good += high;
			else
				sc->bad += high;
		}
		n = high = 0;
		too_long = false;
		if (cp == 0)
			break;
		if (cp >= 0x80 && !enc_neutral(cp))
			sc->bad++;	/* a sign or a letter no Vietnamese word holds */
		else if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			sc->bad++;	/* VISCII keeps six letters among the controls */
	}
}

bool
encoding_plausible(const struct encoding_score *sc)
{
	/* Nine letters in ten in real syllables: a typo, a foreign name or a
	 * stray sign is allowed, another encoding read wrong is not. */
	return sc->good >= 9 * sc->bad;
}

static bool
enc_has_nul(const char *path)
{
	char buf[ENC_BUF];
	size_t n, total = 0;
	bool nul = false;
	FILE *fp = os_fopen(path, "rb");

	while (fp != NULL && !nul && total < ENC_GUESS_BYTES &&
	    (n = fread(buf, 1, sizeof buf, fp)) > 0) {
		nul = memchr(buf, '\0', n) != NULL;
		total += n;
	}
	if (fp != NULL)
		fclose(fp);
	return nul;
}

/* The file is not UTF-8: Windows-1258 when its text reads as Vietnamese
 * that way, else refused with its first line beyond ASCII shown in each
 * legacy encoding. */
int
enc_guess_legacy(const char *path, const char **want, struct encoding_samples *unsure,
    struct err *e)
{
	struct encoding_score sc = { 0, 0 };
	struct tbuf nfc = { 0 };
	struct err ee = { 0 };
	char *line = NULL;
	size_t cap = 0, total = 0;
	int64_t n;
	long lineno = 0, sample_no = 0;
	char *sample = NULL;
	size_t sample_len = 0;
	bool broken = false;
	FILE *fp;
	int rc = 0;

	/* Read as Windows-1258 through our own stream, and scored. */
	if ((fp = encoding_open_read(path, "cp1258", NULL, 0, e)) == NULL)
		return e->code;
	while (total < ENC_GUESS_BYTES && (n = os_getline(&line, &cap, fp)) > 0) {
		total += (size_t)n;
		if (text_nfc(line, &nfc) != 0)
			continue;
		encoding_score(nfc.p, &sc);
	}
	broken = ferror(fp) != 0 && encoding_read_error(fp, &ee) != 0;
	fclose(fp);
	/* A NUL is in no text file: the reader names it where it is. */
	if ((!broken && encoding_plausible(&sc)) || (broken && enc_has_nul(path))) {
		*want = "cp1258";
		goto out;
	}

	/* The sample: the first line with a byte above ASCII, as it is. */
	if ((fp = os_fopen(path, "rb")) == NULL) {
		rc = err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
		goto out;
	}
	while ((n = os_getline(&line, &cap, fp)) > 0) {
		lineno++;
		for (int64_t i = 0; i < n; i++)
			if ((unsigned char)line[i] >= 0x80) {
				sample_no = lineno;
				break;
			}
		if (sample_no != 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				n--;
			sample = line;
			sample_len = (size_t)n;
			break;
		}
	}
	fclose(fp);
	{
		char cp[ENCODING_SAMPLE_MAX] = "?", vi[ENCODING_SAMPLE_MAX] = "?",
		    tc[ENCODING_SAMPLE_MAX] = "?";
		if (sample != NULL) {
			enc_sample(sample, sample_len, enc_find("cp1258"), cp, sizeof cp);
			enc_sample(sample, sample_len, enc_find("viscii"), vi, sizeof vi);
			enc_sample(sample, sample_len, enc_find("tcvn"), tc, sizeof tc);
		}
		if (unsure != NULL) {
			unsure->line = sample_no;
			snprintf(unsure->text[0], sizeof unsure->text[0], "%s", cp);
			snprintf(unsure->text[1], sizeof unsure->text[1], "%s", vi);
			snprintf(unsure->text[2], sizeof unsure->text[2], "%s", tc);
		}
		rc = err_set(e, ERR_INVALID,
		    _("%s: the encoding cannot be told for sure (it is not UTF-8); line %ld reads"
		    " as cp1258: \"%s\" | as viscii: \"%s\" | as tcvn: \"%s\"; give --encoding with"
		    " the one that reads right, or save the file as \"CSV UTF-8\""),
		    path, sample_no, cp, vi, tc);
	}
out:
	free(line);
	tbuf_free(&nfc);
	return rc;
}
