/* input.c - buffered reading of an input file, by bytes or by lines, in
 * blocks of 128 KiB (the size that keeps the copy in cache; see
 * docs/performance.md).
 *
 * A file that starts with the magic bytes of gzip, zstd or bzip2 is
 * decompressed while it is read, on a thread of its own (codec.c does the
 * decompressing), so every importer and format detection see the plain
 * text, and decompression runs beside parsing instead of before it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_internal.h"

#define BLOCK (128u * 1024u)
#define UNPACK_QUEUE 4       /* decompressed blocks waiting for the reader */

/* ---- the decompression thread ---- */
typedef struct ublock {
    struct ublock *next;
    size_t len;
    char data[BLOCK];
} ublock;

typedef struct unpacker {
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv_data, cv_room;
    ublock *head, *tail, *spare;
    int queued;
    int done;                /* no block will follow: end of stream or failure */
    int stop;                /* the reader closed the input */
    int failed;              /* why[] says what went wrong */
    tg_status_t code;
    char why[400];
    int fd;                  /* borrowed from the input */
    const char *name;
    tg_codec_t *codec;
    unsigned char *raw;      /* compressed bytes raw[0..rlen) */
    size_t rlen;
    long long in_bytes;      /* compressed bytes consumed */
    long long out_bytes;     /* decompressed bytes produced */
} unpacker;

struct tg_input {
    int fd;
    char *name;
    char *buf;          /* data buf[pos..len) is unread */
    size_t pos, len, cap;
    int eof;
    long lineno;
    int by_lines;       /* read with tg_input_getline: errors name a line */
    size_t scanned;     /* bytes of the partial line at buf[pos..] searched for '\n' */
    size_t max_record;  /* the longest line tg_input_getline returns */
    unpacker *up;       /* NULL: the file is read as it is */
};

/* A block to fill, once the queue has room; NULL when the reader stopped
 * (*stopped set) or on out of memory. */
static ublock *take_block(unpacker *u, int *stopped)
{
    ublock *b;

    pthread_mutex_lock(&u->mu);
    while (u->queued >= UNPACK_QUEUE && !u->stop)
        pthread_cond_wait(&u->cv_room, &u->mu);
    *stopped = u->stop;
    if (*stopped) {
        pthread_mutex_unlock(&u->mu);
        return NULL;
    }
    if ((b = u->spare))
        u->spare = b->next;
    pthread_mutex_unlock(&u->mu);
    if (!b && !(b = malloc(sizeof *b)))
        return NULL;
    b->next = NULL;
    b->len = 0;
    return b;
}

/* Queue block b (may be NULL) and, when last, say that nothing follows. */
static void put_block(unpacker *u, ublock *b, int last)
{
    pthread_mutex_lock(&u->mu);
    if (b && b->len) {
        if (u->tail)
            u->tail->next = b;
        else
            u->head = b;
        u->tail = b;
        u->queued++;
    } else if (b) {
        b->next = u->spare;
        u->spare = b;
    }
    if (last)
        u->done = 1;
    pthread_cond_signal(&u->cv_data);
    pthread_mutex_unlock(&u->mu);
}

/* Stop with an error whose text is in u->why; b (may be NULL) is queued
 * first, so that the reader gets the text decompressed before the error. */
static void unpack_fail(unpacker *u, ublock *b, tg_status_t code)
{
    u->code = code;
    u->failed = 1;
    put_block(u, b, 1);
}

static void *unpack_main(void *arg)
{
    unpacker *u = arg;
    size_t rpos = 0, rcap = BLOCK;
    int raw_eof = 0;
    ublock *b = NULL;

    for (;;) {
        size_t used;
        long got;
        const char *why;

        if (!b) {
            int stopped;

            if (!(b = take_block(u, &stopped))) {
                if (!stopped) {
                    snprintf(u->why, sizeof u->why, "out of memory");
                    unpack_fail(u, NULL, TG_ERR_NOMEM);
                }
                return NULL;
            }
        }
        if (rpos == u->rlen && !raw_eof) {
            ssize_t r;

            do
                r = read(u->fd, u->raw, rcap);
            while (r < 0 && errno == EINTR);
            if (r < 0) {
                snprintf(u->why, sizeof u->why, "cannot read '%s': %s", u->name, strerror(errno));
                unpack_fail(u, b, TG_ERR_IO);
                return NULL;
            }
            rpos = 0;
            u->rlen = (size_t)r;
            raw_eof = r == 0;
        }
        used = u->rlen - rpos;
        got = tg_codec_step(u->codec, u->raw + rpos, &used, raw_eof, b->data + b->len,
                            BLOCK - b->len, &why);
        if (got < 0) {
            snprintf(u->why, sizeof u->why, "'%s' is damaged: %s, after %lld bytes of text",
                     u->name, why, u->out_bytes);
            unpack_fail(u, b, TG_ERR_DATA);
            return NULL;
        }
        rpos += used;
        b->len += (size_t)got;
        u->in_bytes += (long long)used;
        u->out_bytes += got;
        if (u->out_bytes > TG_BOMB_MIN_BYTES &&
            u->out_bytes / TG_BOMB_RATIO > u->in_bytes) {
            snprintf(u->why, sizeof u->why,
                     "'%s' looks like a decompression bomb: %lld bytes of %s expand to over "
                     "%lld bytes (more than %d times, past %d MiB); refused (decompress it "
                     "yourself if it is meant)", u->name, u->in_bytes, tg_codec_name(u->codec),
                     u->out_bytes, TG_BOMB_RATIO, (int)(TG_BOMB_MIN_BYTES >> 20));
            unpack_fail(u, NULL, TG_ERR_DATA);
            free(b);
            return NULL;
        }
        if (b->len == BLOCK) {
            put_block(u, b, 0);
            b = NULL;
            continue;
        }
        if (got || used)
            continue;
        if (raw_eof) {
            if (!tg_codec_ended(u->codec)) {
                snprintf(u->why, sizeof u->why,
                         "'%s' is truncated: its %s stream stops after %lld bytes of text",
                         u->name, tg_codec_name(u->codec), u->out_bytes);
                unpack_fail(u, b, TG_ERR_DATA);
                return NULL;
            }
            put_block(u, b, 1);
            return NULL;
        }
        /* the codec needs more bytes than are left: keep them, read more */
        if (rpos > 0) {
            memmove(u->raw, u->raw + rpos, u->rlen - rpos);
            u->rlen -= rpos;
            rpos = 0;
        }
        {
            ssize_t r;

            do
                r = read(u->fd, u->raw + u->rlen, rcap - u->rlen);
            while (r < 0 && errno == EINTR);
            if (r < 0) {
                snprintf(u->why, sizeof u->why, "cannot read '%s': %s", u->name, strerror(errno));
                unpack_fail(u, b, TG_ERR_IO);
                return NULL;
            }
            u->rlen += (size_t)r;
            raw_eof = r == 0;
        }
    }
}

static void unpacker_free(unpacker *u)
{
    ublock *b, *next;

    if (!u)
        return;
    if (u->started) {
        pthread_mutex_lock(&u->mu);
        u->stop = 1;
        pthread_cond_broadcast(&u->cv_room);
        pthread_mutex_unlock(&u->mu);
        pthread_join(u->thread, NULL);
    }
    for (b = u->head; b; b = next) {
        next = b->next;
        free(b);
    }
    for (b = u->spare; b; b = next) {
        next = b->next;
        free(b);
    }
    pthread_mutex_destroy(&u->mu);
    pthread_cond_destroy(&u->cv_data);
    pthread_cond_destroy(&u->cv_room);
    tg_codec_free(u->codec);
    free(u->raw);
    free(u);
}

/* Decompress in's file from here on; head[0..n) are its first bytes. */
static tg_status_t unpacker_start(tg_input_t *in, const char *codec, const char *head, size_t n,
                                  tg_error_t *err)
{
    unpacker *u = calloc(1, sizeof *u);

    if (!u)
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&u->mu, NULL);
    pthread_cond_init(&u->cv_data, NULL);
    pthread_cond_init(&u->cv_room, NULL);
    u->fd = in->fd;
    u->name = in->name;
    in->up = u;
    if (!(u->codec = tg_codec_new(codec)) || !(u->raw = malloc(BLOCK)))
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    memcpy(u->raw, head, n);
    u->rlen = n;
    if (pthread_create(&u->thread, NULL, unpack_main, u) != 0)
        return tg_error_set(err, TG_ERR_FAIL, "cannot start the decompression thread");
    u->started = 1;
    return TG_OK;
}

/* The next decompressed block appended to buf[len..]; 1 data, 0 end, -1 error. */
static int unpacked(tg_input_t *in, tg_error_t *err)
{
    unpacker *u = in->up;
    ublock *b;

    pthread_mutex_lock(&u->mu);
    while (!u->head && !u->done)
        pthread_cond_wait(&u->cv_data, &u->mu);
    if ((b = u->head)) {
        u->head = b->next;
        if (!u->head)
            u->tail = NULL;
        u->queued--;
    }
    pthread_mutex_unlock(&u->mu);
    if (!b) {
        if (!u->failed)
            return 0;
        /* the line being read when the data broke, when reading by lines */
        if (u->code == TG_ERR_NOMEM)
            tg_error_set(err, u->code, "out of memory");
        else
            tg_error_set_at(err, u->code, in->name, in->by_lines ? in->lineno + 1 : 0, 0, "%s",
                            u->why);
        return -1;
    }
    memcpy(in->buf + in->len, b->data, b->len);
    in->len += b->len;
    pthread_mutex_lock(&u->mu);
    b->next = u->spare;
    u->spare = b;
    pthread_cond_signal(&u->cv_room);
    pthread_mutex_unlock(&u->mu);
    return 1;
}

/* ---- the input ---- */

static tg_status_t open_input(const char *path, const char *name, int unpack, tg_input_t **out,
                              tg_error_t *err)
{
    tg_input_t *in;
    struct stat st;
    tg_status_t rc;

    *out = NULL;
    in = calloc(1, sizeof *in);
    if (!in || !(in->name = strdup(name)) || !(in->buf = malloc(2 * BLOCK))) {
        if (in)
            free(in->name);
        free(in);
        return tg_error_set(err, TG_ERR_NOMEM, "out of memory");
    }
    in->cap = 2 * BLOCK;
    in->max_record = TG_MAX_RECORD_DEFAULT;
    in->fd = open(path, O_RDONLY);
    if (in->fd < 0) {
        int e = errno;

        tg_input_close(in);
        return tg_error_set_at(err, TG_ERR_IO, name, 0, 0, "cannot open '%s': %s", name,
                               strerror(e));
    }
    if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        tg_input_close(in);
        return tg_error_set_at(err, TG_ERR_IO, name, 0, 0, "cannot read '%s': is a directory",
                               name);
    }
    if (unpack) {
        const char *codec;
        const char *head;
        size_t n = tg_input_peek(in, &head, 16, err);

        if (!head) {
            tg_input_close(in);
            return err ? err->code : TG_ERR_IO;
        }
        if ((codec = tg_codec_sniff((const unsigned char *)head, n))) {
            /* what was read so far is compressed: hand it to the thread */
            in->eof = 0;
            if ((rc = unpacker_start(in, codec, in->buf + in->pos, in->len - in->pos, err))) {
                tg_input_close(in);
                return rc;
            }
            in->pos = in->len = 0;
        }
    }
    *out = in;
    return TG_OK;
}

tg_status_t tg_input_open(const char *path, tg_input_t **out, tg_error_t *err)
{
    return open_input(path, path, 1, out, err);
}

tg_status_t tg_input_open_as(const char *path, const char *name, int unpack, tg_input_t **out,
                             tg_error_t *err)
{
    return open_input(path, name, unpack, out, err);
}

tg_status_t tg_input_open_raw(const char *path, tg_input_t **out, tg_error_t *err)
{
    return open_input(path, path, 0, out, err);
}

const char *tg_input_codec(const tg_input_t *in)
{
    return in->up ? tg_codec_name(in->up->codec) : NULL;
}

void tg_input_close(tg_input_t *in)
{
    if (!in)
        return;
    unpacker_free(in->up);
    if (in->fd >= 0)
        close(in->fd);
    free(in->buf);
    free(in->name);
    free(in);
}

const char *tg_input_name(const tg_input_t *in)
{
    return in->name;
}

long tg_input_lineno(const tg_input_t *in)
{
    return in->lineno;
}

/* Read more bytes after buf[len], moving unread bytes to the front first. */
static int fill(tg_input_t *in, tg_error_t *err)
{
    ssize_t r;

    if (in->eof)
        return 0;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    if (in->cap - in->len < BLOCK) {
        char *p = realloc(in->buf, in->cap * 2);

        if (!p) {
            tg_error_set(err, TG_ERR_NOMEM, "out of memory");
            return -1;
        }
        in->buf = p;
        in->cap *= 2;
    }
    if (in->up) {
        int u = unpacked(in, err);

        if (u == 0)
            in->eof = 1;
        return u;
    }
    do
        r = read(in->fd, in->buf + in->len, BLOCK);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        tg_error_set_at(err, TG_ERR_IO, in->name, 0, 0, "cannot read '%s': %s", in->name,
                        strerror(errno));
        return -1;
    }
    if (r == 0)
        in->eof = 1;
    in->len += (size_t)r;
    return (int)(r > 0);
}

size_t tg_input_peek(tg_input_t *in, const char **p, size_t want, tg_error_t *err)
{
    while (in->len - in->pos < want && !in->eof) {
        if (fill(in, err) < 0) {
            *p = NULL;
            return 0;
        }
    }
    *p = in->buf + in->pos;
    return in->len - in->pos < want ? in->len - in->pos : want;
}

long tg_input_read(tg_input_t *in, void *dst, size_t n, tg_error_t *err)
{
    size_t have = in->len - in->pos;

    if (have == 0) {
        int f;

        in->pos = in->len = 0;
        f = fill(in, err);
        if (f < 0)
            return -1;
        have = in->len;
        if (have == 0)
            return 0;
    }
    if (n > have)
        n = have;
    memcpy(dst, in->buf + in->pos, n);
    in->pos += n;
    in->scanned = 0;
    return (long)n;
}

void tg_input_set_max_record(tg_input_t *in, size_t max)
{
    in->max_record = max ? max : TG_MAX_RECORD_DEFAULT;
}

size_t tg_input_max_record(const tg_input_t *in)
{
    return in->max_record;
}

tg_status_t tg_input_too_long(const tg_input_t *in, long line, const char *what,
                              tg_error_t *err)
{
    char size[32];

    tg_size_format(in->max_record, size, sizeof size);
    return tg_error_set_at(err, TG_ERR_DATA, in->name, line, 0,
                           "%s longer than the record size limit of %s: --max-record-size "
                           "raises it", what, size);
}

/* Each byte is searched for the newline once, however many reads a long
 * line takes (in->scanned), and a line longer than the record size limit
 * ends the reading there, so that time stays linear and memory bounded. */
int tg_input_getline(tg_input_t *in, char **line, size_t *len, int *had_newline,
                     tg_error_t *err)
{
    in->by_lines = 1;
    for (;;) {
        char *start = in->buf + in->pos;
        size_t have = in->len - in->pos;
        char *nl = have > in->scanned ? memchr(start + in->scanned, '\n', have - in->scanned)
                                      : NULL;

        if (nl) {
            size_t n = (size_t)(nl - start);

            in->scanned = 0;
            if (n > in->max_record) {
                tg_input_too_long(in, in->lineno + 1, "a line", err);
                return -1;
            }
            in->pos += n + 1;
            if (n && start[n - 1] == '\r')
                n--;
            start[n] = '\0';
            *line = start;
            *len = n;
            *had_newline = 1;
            in->lineno++;
            return 1;
        }
        in->scanned = have;
        if (have > in->max_record + 1) {   /* + 1: a CR before the newline */
            tg_input_too_long(in, in->lineno + 1, "a line", err);
            return -1;
        }
        if (in->eof) {
            in->scanned = 0;
            if (!have)
                return 0;
            /* last line without a newline: terminate it in place */
            if (in->len == in->cap) {
                char *p = realloc(in->buf, in->cap + 1);

                if (!p) {
                    tg_error_set(err, TG_ERR_NOMEM, "out of memory");
                    return -1;
                }
                in->buf = p;
                in->cap++;
                start = in->buf + in->pos;
            }
            start[have] = '\0';
            in->pos = in->len;
            *line = start;
            *len = have;
            *had_newline = 0;
            in->lineno++;
            return 1;
        }
        if (fill(in, err) < 0)
            return -1;
    }
}

const char *tg_utf8_fix(tg_buf *scratch, const char *s, size_t n, size_t *outn, int *repaired)
{
    *repaired = 0;
    *outn = n;
    if (tg_utf8_valid(s, n))
        return s;
    tg_buf_reset(scratch);
    if (tg_utf8_repair(scratch, s, n) < 0 || tg_buf_grow(scratch, 0))
        return NULL;
    *repaired = 1;
    *outn = scratch->len;
    return scratch->data;
}

char *tg_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t n;
    char *out;

    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, base, n);
    out[n] = '\0';
    return out;
}

int tg_first_line_is(const char *head, size_t len, int (*pred)(const char *, size_t))
{
    size_t i = 0;

    /* skip a UTF-8 byte order mark */
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        const char *nl = memchr(head + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (head + i)) : len - i;
        size_t tn;
        const char *t = tg_trim(head + i, n, &tn);

        if (tn)
            return pred(t, tn);
        if (!nl)
            break;
        i += n + 1;
    }
    return 0;
}
