/* teacher_share.c - how much of a class forum's talk goes through the
 * teacher: replies written by a teacher or answering a teacher's comment,
 * out of all replies between named people.  The page uses it, and
 * `compare` can. */
#include <math.h>
#include <string.h>

#include "threadgraph/analysis.h"

static int is_teacher(const tg_dataset_t *ds, int32_t u)
{
    return ds->user_role && u >= 0 && ds->user_role[u] == TG_ROLE_TEACHER;
}

static void count(const tg_dataset_t *ds, int32_t from, int32_t to, tg_teacher_share_t *out)
{
    if (from < 0 || to < 0 || from == to)
        return;
    out->replies++;
    if (is_teacher(ds, from)) {
        out->teacher_replies++;
        out->by_teacher++;
    } else if (is_teacher(ds, to)) {
        out->teacher_replies++;
        out->to_teacher++;
    }
}

void tg_teacher_share(const tg_dataset_t *ds, int post_replies, tg_teacher_share_t *out)
{
    size_t i;

    memset(out, 0, sizeof *out);
    for (i = 0; ds->user_role && i < ds->nusers; i++)
        out->teachers += ds->user_role[i] == TG_ROLE_TEACHER;
    for (i = 0; i < ds->ncomments; i++) {
        int32_t p = ds->parent[i];

        if (p >= 0)
            count(ds, ds->user[i], ds->user[p], out);
        else if (post_replies && !(ds->flags[i] & TG_COMMENT_ORPHAN))
            count(ds, ds->user[i], ds->thread_post_user[ds->thread[i]], out);
    }
    out->share = out->replies ? (double)out->teacher_replies / (double)out->replies : NAN;
}
