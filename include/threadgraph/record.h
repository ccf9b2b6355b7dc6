/* record.h - what importers hand to the store: posts and comments as
 * records, through a sink, and the integrity report of one import.
 *
 * Strings in records are borrowed: they stay valid only during the sink call
 * (the receiver copies what it keeps).  All strings are UTF-8.
 *
 * Thread safety: a report or a sink is used by one thread at a time; the
 * tally names are static. */
#ifndef THREADGRAPH_RECORD_H
#define THREADGRAPH_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "threadgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Comment flags, stored with the comment. */
#define TG_COMMENT_ORPHAN     0x0001u /* parent named but absent */
#define TG_COMMENT_CYCLE      0x0002u /* parent link dropped to break a cycle */
#define TG_COMMENT_DELETED    0x0004u /* the platform marks it deleted */
#define TG_COMMENT_SPAM       0x0008u /* the platform marks it spam */
#define TG_COMMENT_UNAPPROVED 0x0010u /* awaiting moderation */
#define TG_COMMENT_TOMBSTONE  0x0020u /* a placeholder for a removed comment */
#define TG_COMMENT_DEAD       0x0040u /* hidden by the platform's moderation (HN `dead`), content kept */

/* The thread's post (an article, a Reddit link post, a story, a topic). */
typedef struct tg_post_rec {
    const char *thread_id;  /* required */
    const char *title;      /* NULL when unknown */
    const char *author;     /* NULL when unknown (never guessed) */
    const char *time_text;  /* as written, or NULL */
    int64_t time;           /* UTC seconds, valid when has_time */
    int has_time;
    const char *text;       /* NULL when none */
    long line;              /* where the post starts in the input, 1-based */
    int title_only;         /* only names the thread's title: the format has no post
                             * object (ConvoKit, Moodle, mbox); not counted as a post */
} tg_post_rec_t;

typedef struct tg_comment_rec {
    const char *thread_id;  /* required */
    const char *id;         /* required: the comment's id in the input */
    const char *parent_id;  /* NULL or "": top-level (a reply to the post) */
    const char *author;     /* as written; NULL or "" for none */
    const char *location;   /* NULL or "" for none */
    const char *time_text;  /* as written, or NULL */
    int64_t time;           /* UTC seconds, valid when has_time */
    int has_time;
    const char *text;       /* NULL when none */
    long line;              /* 1-based line of the record in the input */
    unsigned flags;         /* TG_COMMENT_DELETED ... */
} tg_comment_rec_t;

/* ---- integrity report of one imported file ---- */
typedef enum tg_tally_kind {
    TG_TALLY_ORPHAN = 0,    /* parent named but absent after the import */
    TG_TALLY_DUPLICATE,     /* second record with an id already in the thread */
    TG_TALLY_CYCLE,         /* parent links dropped to break a cycle */
    TG_TALLY_MISSING,       /* comments known to exist but not in the file */
    TG_TALLY_BAD_TIME,      /* timestamps that could not be parsed (kept, no time) */
    TG_TALLY_BAD_UTF8,      /* records whose invalid UTF-8 was replaced by U+FFFD */
    TG_TALLY_SKIPPED,       /* records not imported; reasons below */
    TG_TALLY_LINKED,        /* earlier orphans whose parent arrived in this file */
    TG_TALLY_KINDS
} tg_tally_kind_t;

typedef struct tg_tally {
    long count;
    long first_line;        /* line of the first occurrence, 0 when unknown */
    long first_byte;        /* its byte position (1 = the file's first byte), 0 when unknown */
} tg_tally_t;

typedef struct tg_skip_reason {
    char *reason;           /* e.g. "malformed JSON" */
    long count;
    long first_line;
    long first_byte;        /* 0 when unknown */
} tg_skip_reason_t;

/* What a file shows to exist but does not hold (all counted in
 * tally[TG_TALLY_MISSING] as more_hidden + tombstones + absent_kids). */
typedef struct tg_missing_info {
    long more_stubs;        /* Reddit `more` stubs */
    long more_ids;          /* comment ids the stubs list */
    long more_hidden;       /* comments the stubs hide, by Reddit's own `count` */
    long tombstones;        /* deleted or removed comments kept as tombstones */
    long absent_kids;       /* HN: ids in `kids` lists whose item is not in the file */
    char **ids;             /* owned: the ids the stubs list, then the absent kids */
    size_t nids;
} tg_missing_info_t;

typedef struct tg_import_report {
    char *path;             /* owned */
    char *format;           /* owned: the importer's name */
    long comments;          /* comments stored */
    long posts;             /* posts stored */
    long threads;           /* threads the file touched */
    int already_imported;   /* the same content was imported before: nothing done */
    tg_tally_t tally[TG_TALLY_KINDS];
    tg_skip_reason_t *skips; /* owned, nskips entries */
    size_t nskips;
    /* wall seconds of the import's phases: hashing the file, parsing (with
     * the database writes running beside it), settling parents and cycles,
     * committing; and the time the writer thread spent in SQLite */
    double hash_s, parse_s, settle_s, commit_s, write_s;
    tg_missing_info_t missing;
    /* What the file holds that is not a comment or not a problem, counted
     * and shown but never an error under --strict (WordPress pingbacks,
     * Disqus threads without posts, mails without a Message-ID kept under
     * another id).  Owned, nnotes entries; `reason` is the note's text. */
    tg_skip_reason_t *notes;
    size_t nnotes;
} tg_import_report_t;

void tg_import_report_init(tg_import_report_t *r);
void tg_import_report_destroy(tg_import_report_t *r);
/* Count one event of kind at line. */
void tg_import_report_tally(tg_import_report_t *r, tg_tally_kind_t kind, long line);
/* The same at a line and byte position (1-based; 0 when unknown). */
void tg_import_report_tally_at(tg_import_report_t *r, tg_tally_kind_t kind, long line, long byte);
/* Count one skipped record (also tallies TG_TALLY_SKIPPED).  Returns TG_OK or
 * TG_ERR_NOMEM. */
tg_status_t tg_import_report_skip(tg_import_report_t *r, long line, const char *reason);
tg_status_t tg_import_report_skip_at(tg_import_report_t *r, long line, long byte,
                                     const char *reason);
/* A Reddit `more` stub at line/byte hiding `hidden` comments (Reddit's count)
 * and listing ids[0..nids) (copied).  Returns TG_OK or TG_ERR_NOMEM. */
tg_status_t tg_import_report_stub(tg_import_report_t *r, long line, long byte, long hidden,
                                  const char *const *ids, size_t nids);
/* A deleted or removed comment kept as a tombstone. */
void tg_import_report_tombstone(tg_import_report_t *r, long line, long byte);
/* An id listed as a child (HN `kids`) whose item is not in the file (copied). */
tg_status_t tg_import_report_absent(tg_import_report_t *r, const char *id);
/* Count one note (see notes above) at line.  Returns TG_OK or TG_ERR_NOMEM. */
tg_status_t tg_import_report_note(tg_import_report_t *r, long line, const char *what);
/* Name of a tally kind as used in reports and the database ("orphans" ...). */
const char *tg_tally_name(tg_tally_kind_t kind);

/* What an import reads: the file and how it is read (import.h's jobs give
 * it; the store records it with the import). */
typedef struct tg_source_info {
    const char *path;       /* as given by the user */
    const char *format;     /* importer name */
    const char *space;      /* the id space of its threads (see docs/schema.md) */
    const char *hash;       /* content hash, hex */
    int64_t bytes;          /* file size */
} tg_source_info_t;

/* ---- sink: where importers send records ---- */
typedef struct tg_sink tg_sink_t;
struct tg_sink {
    tg_status_t (*post)(tg_sink_t *sink, const tg_post_rec_t *post, tg_error_t *err);
    tg_status_t (*comment)(tg_sink_t *sink, const tg_comment_rec_t *c, tg_error_t *err);
    tg_import_report_t *report; /* where importers count what they skip */
};

#ifdef __cplusplus
}
#endif
#endif
