/* codec.c - the decompressors behind the input layer: gzip (zlib), zstd
 * (libzstd) and bzip2 (libbz2), recognised by their magic bytes.  Each is a
 * stream step: compressed bytes in, plain bytes out, with concatenated
 * streams (pigz, pbzip2, zstd frames) read one after the other.  input.c
 * runs them; nothing here does I/O. */
#include <bzlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "import_internal.h"

typedef enum { C_GZIP, C_ZSTD, C_BZIP2 } codec_kind;

struct tg_codec {
    codec_kind kind;
    int ended;            /* the last stream ended: only another stream may follow */
    z_stream z;
    ZSTD_DStream *zs;
    bz_stream bz;
    int bz_open;
    char why[160];
};

static const unsigned char gzip_magic[] = { 0x1f, 0x8b };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
/* "BZh", a block size digit, then the first block's or the end-of-stream
 * marker's magic: text that merely starts with "BZh9" is not bzip2 */
static const unsigned char bz_block[] = { 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
static const unsigned char bz_end[] = { 0x17, 0x72, 0x45, 0x38, 0x50, 0x90 };

static int is_bzip2(const unsigned char *p, size_t n)
{
    return n >= 10 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' && p[3] <= '9' &&
           (memcmp(p + 4, bz_block, 6) == 0 || memcmp(p + 4, bz_end, 6) == 0);
}

const char *tg_codec_sniff(const unsigned char *p, size_t n)
{
    if (n >= 2 && memcmp(p, gzip_magic, 2) == 0)
        return "gzip";
    if (n >= 4 && memcmp(p, zstd_magic, 4) == 0)
        return "zstd";
    if (is_bzip2(p, n))
        return "bzip2";
    return NULL;
}

const char *tg_codec_name(const tg_codec_t *c)
{
    static const char *const names[] = { "gzip", "zstd", "bzip2" };

    return names[c->kind];
}

static int open_stream(tg_codec_t *c)
{
    switch (c->kind) {
    case C_GZIP:
        memset(&c->z, 0, sizeof c->z);
        return inflateInit2(&c->z, 15 + 16) == Z_OK ? 0 : -1; /* gzip wrapper only */
    case C_ZSTD:
        c->zs = ZSTD_createDStream();
        return c->zs ? 0 : -1;
    case C_BZIP2:
        memset(&c->bz, 0, sizeof c->bz);
        if (BZ2_bzDecompressInit(&c->bz, 0, 0) != BZ_OK)
            return -1;
        c->bz_open = 1;
        return 0;
    }
    return -1;
}

tg_codec_t *tg_codec_new(const char *name)
{
    tg_codec_t *c = calloc(1, sizeof *c);

    if (!c)
        return NULL;
    if (strcmp(name, "gzip") == 0)
        c->kind = C_GZIP;
    else if (strcmp(name, "zstd") == 0)
        c->kind = C_ZSTD;
    else if (strcmp(name, "bzip2") == 0)
        c->kind = C_BZIP2;
    else {
        free(c);
        return NULL;
    }
    if (open_stream(c)) {
        tg_codec_free(c);
        return NULL;
    }
    return c;
}

void tg_codec_free(tg_codec_t *c)
{
    if (!c)
        return;
    if (c->kind == C_GZIP)
        inflateEnd(&c->z);
    ZSTD_freeDStream(c->zs);
    if (c->bz_open)
        BZ2_bzDecompressEnd(&c->bz);
    free(c);
}

int tg_codec_ended(const tg_codec_t *c)
{
    return c->ended;
}

/* After the end of a gzip or bzip2 stream only another stream may follow:
 * 1 when src starts one (the decoder is reset for it), 0 when more bytes
 * are needed to tell, -1 for anything else. */
static int next_stream(tg_codec_t *c, const unsigned char *src, size_t n, int at_eof)
{
    size_t need = c->kind == C_GZIP ? 2 : 10;

    if (n < need)
        return at_eof ? -1 : 0;
    if (c->kind == C_GZIP ? memcmp(src, gzip_magic, 2) != 0 : !is_bzip2(src, n))
        return -1;
    if (c->kind == C_GZIP) {
        if (inflateReset(&c->z) != Z_OK)
            return -1;
    } else {
        BZ2_bzDecompressEnd(&c->bz);
        c->bz_open = 0;
        if (open_stream(c))
            return -1;
    }
    c->ended = 0;
    return 1;
}

long tg_codec_step(tg_codec_t *c, const void *src, size_t *srclen, int at_eof, void *dst,
                   size_t cap, const char **why)
{
    size_t n = *srclen;

    *why = NULL;
    *srclen = 0;
    /* with no input a decoder may still have output to flush, unless its
     * stream ended */
    if (n == 0 && c->ended)
        return 0;
    if (c->ended && c->kind != C_ZSTD) {
        int r = next_stream(c, src, n, at_eof);

        if (r <= 0) {
            if (r < 0)
                *why = "unexpected bytes after the end of the compressed data";
            return r < 0 ? -1 : 0;
        }
    }
    switch (c->kind) {
    case C_GZIP: {
        int r;

        c->z.next_in = (Bytef *)src;
        c->z.avail_in = (uInt)(n > 0x40000000u ? 0x40000000u : n);
        c->z.next_out = dst;
        c->z.avail_out = (uInt)cap;
        r = inflate(&c->z, Z_NO_FLUSH);
        if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
            snprintf(c->why, sizeof c->why, "not valid gzip data (%s)",
                     c->z.msg ? c->z.msg : r == Z_MEM_ERROR ? "out of memory" : "bad stream");
            *why = c->why;
            return -1;
        }
        c->ended = r == Z_STREAM_END;
        *srclen = (size_t)((const unsigned char *)c->z.next_in - (const unsigned char *)src);
        return (long)(cap - c->z.avail_out);
    }
    case C_ZSTD: {
        ZSTD_inBuffer in = { src, n, 0 };
        ZSTD_outBuffer out = { dst, cap, 0 };
        size_t r = ZSTD_decompressStream(c->zs, &out, &in);

        if (ZSTD_isError(r)) {
            snprintf(c->why, sizeof c->why, "not valid zstd data (%s)", ZSTD_getErrorName(r));
            *why = c->why;
            return -1;
        }
        /* 0: a frame ended and everything is flushed; another may follow */
        c->ended = r == 0;
        *srclen = in.pos;
        return (long)out.pos;
    }
    case C_BZIP2: {
        int r;

        c->bz.next_in = (char *)src;
        c->bz.avail_in = (unsigned)(n > 0x40000000u ? 0x40000000u : n);
        c->bz.next_out = dst;
        c->bz.avail_out = (unsigned)(cap > 0x40000000u ? 0x40000000u : cap);
        r = BZ2_bzDecompress(&c->bz);
        if (r != BZ_OK && r != BZ_STREAM_END) {
            snprintf(c->why, sizeof c->why, "not valid bzip2 data (%s)",
                     r == BZ_DATA_ERROR_MAGIC ? "bad magic"
                     : r == BZ_MEM_ERROR      ? "out of memory"
                                              : "checksum or block error");
            *why = c->why;
            return -1;
        }
        c->ended = r == BZ_STREAM_END;
        *srclen = (size_t)(c->bz.next_in - (char *)src);
        return (long)((cap > 0x40000000u ? 0x40000000u : cap) - c->bz.avail_out);
    }
    }
    return -1;
}
