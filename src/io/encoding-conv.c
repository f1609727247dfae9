/* encoding-conv: the one place that chooses how legacy bytes are converted —
 * glibc's (or GNU libiconv's) iconv, or, built with SOCDS_NO_ICONV (Windows,
 * or -Dlegacy_tables=true), the tables generated from glibc's charmaps
 * (socds/charmap.h), which give the same bytes. Either way it behaves as
 * iconv(3), errno included, so the reader and the encoder are written once. */
#include <errno.h>
#include <stdlib.h>

#include "socds/charmap.h"
#include "encoding-int.h"

#ifndef SOCDS_NO_ICONV
#include <iconv.h>
#endif

struct enc_conv {
#ifndef SOCDS_NO_ICONV
	iconv_t cd;
#else
	const struct charmap *cm;
	bool encode;
	struct charmap_decoder dec;
#endif
};

struct enc_conv *
enc_conv_open(const struct enc_info *info, bool encode)
{
	struct enc_conv *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
#ifndef SOCDS_NO_ICONV
	c->cd = encode ? iconv_open(info->iconv, "UTF-8") : iconv_open("UTF-8", info->iconv);
	if (c->cd == (iconv_t)-1) {
		int saved = errno;
		free(c);
		errno = saved;
		return NULL;
	}
#else
	if ((c->cm = charmap_find(info->iconv)) == NULL) {
		free(c);
		errno = EINVAL;
		return NULL;
	}
	c->encode = encode;
	charmap_decoder_init(&c->dec, c->cm);
#endif
	return c;
}

size_t
enc_conv(struct enc_conv *c, char **in, size_t *inlen, char **out, size_t *outlen)
{
#ifndef SOCDS_NO_ICONV
	return iconv(c->cd, in, inlen, out, outlen);
#else
	enum charmap_rc rc;

	if (in == NULL || *in == NULL) {
		/* Back to the initial state: the decoder writes out a letter it
		 * still holds; given no out, it forgets it. */
		if (c->encode)
			return 0;
		if (out == NULL) {
			charmap_decoder_init(&c->dec, c->cm);
			return 0;
		}
		rc = charmap_decode(&c->dec, NULL, NULL, out, outlen);
	} else {
		const char *ip = *in;
		rc = c->encode ? charmap_encode(c->cm, &ip, inlen, out, outlen) :
		    charmap_decode(&c->dec, &ip, inlen, out, outlen);
		*in += ip - *in;
	}
	switch (rc) {
	case CHARMAP_OK:
		return 0;
	case CHARMAP_TOOBIG:
		errno = E2BIG;
		break;
	case CHARMAP_INCOMPLETE:
		errno = EINVAL;
		break;
	case CHARMAP_ILSEQ:
		errno = EILSEQ;
		break;
	}
	return (size_t)-1;
#endif
}

void
enc_conv_close(struct enc_conv *c)
{
	if (c == NULL)
		return;
#ifndef SOCDS_NO_ICONV
	iconv_close(c->cd);
#endif
	free(c);
}
