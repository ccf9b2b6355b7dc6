/* page_people.c - the sections of report.html about people: the summary in
 * sentences, the participation table, who is worth a look, the
 * back-and-forth pairs and the brokers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_internal.h"

static const char *thread_name(const pg_page *p, int32_t t)
{
    const tg_dataset_t *ds = p->ds;

    if (t < 0)
        return "";
    if (ds->thread_title && ds->thread_title[t] && *ds->thread_title[t])
        return ds->thread_title[t];
    return ds->thread_id[t] ? ds->thread_id[t] : "";
}

/* ---- 1. summary ---- */
static void sentence_people(pg_page *p)
{
    const tg_dataset_t *ds = p->ds;
    char a[64], b[64], c[64], d1[32], d2[32];
    long posts = 0, anon = 0;
    size_t i, teachers = 0, never = p->npeople - p->nposted;
    int64_t first = TG_TIME_NONE, last = TG_TIME_NONE;

    for (i = 0; i < ds->ncomments; i++) {
        anon += ds->user[i] < 0;
        if (ds->time[i] != TG_TIME_NONE) {
            if (first == TG_TIME_NONE || ds->time[i] < first)
                first = ds->time[i];
            if (last == TG_TIME_NONE || ds->time[i] > last)
                last = ds->time[i];
        }
    }
    for (i = 0; i < p->nposted; i++)
        posts += p->people[p->by_posts[i]].posts;
    posts += anon;
    for (i = 0; i < p->nposted; i++)
        teachers += pg_role_name(p, p->by_posts[i])[0] == 't';
    pg_open(p, "p");
    pg_fmt_n(a, sizeof a, (long)p->nposted, "person", "people");
    pg_fmt_n(b, sizeof b, posts, "post", "posts");
    pg_fmt_n(c, sizeof c, (long)p->nthreads, "discussion", "discussions");
    a[0] = (char)(a[0] == 'o' ? 'O' : a[0]);
    pg_textf(p, "%s wrote %s in %s", a, b, c);
    pg_fmt_time(p, first, 0, d1, sizeof d1);
    pg_fmt_time(p, last, 0, d2, sizeof d2);
    if (first != TG_TIME_NONE && strcmp(d1, d2) != 0)
        pg_textf(p, ", from %s to %s", d1, d2);
    else if (first != TG_TIME_NONE)
        pg_textf(p, ", on %s", d1);
    pg_text(p, ".");
    if (teachers > 0)
        pg_textf(p, " %s of them %s marked as %s.", teachers == 1 ? "One" : "Some",
                 teachers == 1 ? "is" : "are", teachers == 1 ? "the teacher" : "teachers");
    if (anon > 0) {
        pg_fmt_n(a, sizeof a, anon, "post was", "posts were");
        pg_textf(p, " %s%s written anonymously.", anon == 1 ? "One" : "", anon == 1 ? a + 3 : a);
    }
    if (never > 0) {
        pg_fmt_n(a, sizeof a, (long)never, "person", "people");
        pg_textf(p, " %s on the class list never posted.", a);
    }
    pg_close(p);
}

static void sentence_depth(pg_page *p)
{
    const tg_dataset_t *ds = p->ds;
    int32_t deepest = -1, best = -1;
    size_t i;

    for (i = 0; i < ds->ncomments; i++)
        if (p->an->depth[i] > deepest) {
            deepest = p->an->depth[i];
            best = (int32_t)i;
        }
    pg_open(p, "p");
    if (best < 0)
        pg_text(p, "There are no comments yet.");
    else if (deepest == 0)
        pg_text(p, "Nobody replied to another comment: every comment answered the opening "
                   "post or stood alone.");
    else {
        pg_textf(p, "The deepest exchange is a chain of %ld comments, each replying to the one "
                    "before, in the discussion \u201c",
                 (long)deepest + 1);
        pg_open(p, "bdi");
        pg_text(p, thread_name(p, ds->thread[best]));
        pg_close(p);
        pg_text(p, "\u201d");
        if (ds->user[best] >= 0) {
            pg_text(p, "; its last reply is by ");
            pg_person(p, ds->user[best]);
        }
        pg_text(p, ".");
    }
    pg_close(p);
}

static void sentence_teacher(pg_page *p)
{
    const tg_teacher_share_t *s = &p->share;
    char a[64];

    pg_open(p, "p");
    if (s->teachers == 0)
        pg_text(p, "No one is marked as a teacher, so the teacher share is not computed "
                   "(name the teacher with --teacher or a class list with --roster).");
    else if (s->replies == 0)
        pg_text(p, "No one replied to another named person, so there is no teacher share.");
    else {
        pg_fmt_n(a, sizeof a, s->replies, "reply", "replies");
        pg_textf(p, "%.0f%% of the %s between people went through a teacher: a teacher wrote "
                    "%ld of them and %ld answered a teacher. ",
                 100.0 * s->share, a, s->by_teacher, s->to_teacher);
        pg_text(p, s->share >= 0.5 ? "That is a teacher-centred discussion: most talk runs "
                                     "through the teacher."
                                   : s->share >= 0.25 ? "The teacher takes a large part, but "
                                                        "students also talk with each other."
                                                      : "Most of the talk is between students.");
        pg_text(p, " (");
        pg_open(p, "a");
        pg_attr(p, "href", "#g-teacher-share");
        pg_text(p, "teacher share");
        pg_close(p);
        pg_text(p, ")");
    }
    pg_close(p);
}

static int no_reply(const pg_page *p, int32_t u)
{
    return p->people[u].posted && p->people[u].received == 0 &&
           p->an->users[u].post_replies == 0;
}

static void sentence_no_reply(pg_page *p)
{
    int32_t *list = malloc((p->nposted ? p->nposted : 1) * sizeof *list);
    size_t i, n = 0;
    char a[64];

    if (!list) {
        p->failed = 1;
        return;
    }
    for (i = 0; i < p->nposted; i++)
        if (no_reply(p, p->by_posts[i]))
            list[n++] = p->by_posts[i];
    pg_open(p, "p");
    if (p->nposted == 0)
        ;
    else if (n == 0)
        pg_text(p, "Everyone who posted got at least one reply.");
    else {
        pg_fmt_n(a, sizeof a, (long)n, "person", "people");
        pg_textf(p, "%s%s got no reply at all: ", n == 1 ? "One" : "", n == 1 ? a + 3 : a);
        pg_people_list(p, list, n, 12);
        pg_text(p, ".");
    }
    pg_close(p);
    free(list);
}

static void sentence_pairs(pg_page *p)
{
    const tg_analysis_t *an = p->an;
    size_t i, best = 0;

    for (i = 1; i < an->npairs; i++)
        if (an->pairs[i].longest_run > an->pairs[best].longest_run)
            best = i;
    pg_open(p, "p");
    if (an->npairs == 0)
        pg_text(p, "No two people replied to each other in both directions.");
    else {
        const tg_pair_t *pr = &an->pairs[best];
        char a[64];

        pg_fmt_n(a, sizeof a, (long)an->npairs, "pair", "pairs");
        if (a[0] == 'o')
            a[0] = 'O';
        pg_textf(p, "%s of people replied to each other both ways. The longest back-and-forth "
                    "is between ",
                 a);
        pg_person(p, pr->a);
        pg_text(p, " and ");
        pg_person(p, pr->b);
        pg_textf(p, ": %ld comments in a row, each answering the other.", pr->longest_run);
    }
    pg_close(p);
}

void pg_summary(pg_page *p)
{
    pg_section(p, "summary", "1. Summary");
    sentence_people(p);
    sentence_depth(p);
    sentence_teacher(p);
    sentence_no_reply(p);
    sentence_pairs(p);
    pg_close(p);
}

/* ---- 2. participation ---- */
static void table_open(pg_page *p, const char *id, const char *caption)
{
    pg_open(p, "div");
    pg_attr(p, "class", "scroll");
    pg_open(p, "table");
    pg_attr(p, "class", "sortable");
    pg_attr(p, "id", id);
    pg_elem(p, "caption", caption);
}

static void td_person(pg_page *p, int32_t u)
{
    pg_open(p, "td");
    pg_attr(p, "data-v", p->label[u]);
    pg_person(p, u);
    pg_close(p);
}

void pg_participation(pg_page *p)
{
    size_t i, n = p->npeople;

    pg_section(p, "participation", "2. Participation");
    pg_open(p, "p");
    pg_text(p, "One row per person, most posts first. A reply answers someone else's comment; "
               "answers to a discussion's opening post are posts, not replies.");
    pg_close(p);
    if (p->big && n > p->top)
        n = p->top;
    table_open(p, "participation-table", "Who took part, and how");
    pg_open(p, "thead");
    pg_open(p, "tr");
    pg_th(p, "Name", "text", NULL);
    if (p->has_roles)
        pg_th(p, "Role", "text", "role");
    pg_th(p, "Posts", "num", "posts");
    pg_th(p, "Replies given", "num", "replies-given");
    pg_th(p, "Replies received", "num", "replies-received");
    pg_th(p, "People replied to", "num", "replied-to");
    pg_th(p, "People who replied", "num", "repliers");
    pg_th(p, "Back-and-forth partners", "num", "partners");
    pg_th(p, "First post", "num", "first-last");
    pg_th(p, "Last post", "num", "first-last");
    pg_close(p);
    pg_close(p);
    pg_open(p, "tbody");
    for (i = 0; i < n; i++) {
        int32_t u = p->by_posts[i];
        const pg_figures *pp = &p->people[u];

        pg_open(p, "tr");
        pg_attrf(p, "data-person", "%ld", (long)u);
        if (!pp->posted)
            pg_attr(p, "class", "never");
        td_person(p, u);
        if (p->has_roles)
            pg_elem(p, "td", pg_role_name(p, u));
        pg_td_num(p, pp->posts);
        pg_td_num(p, pp->given);
        pg_td_num(p, pp->received);
        pg_td_num(p, pp->replied_to);
        pg_td_num(p, pp->repliers);
        pg_td_num(p, pp->partners);
        pg_td_time(p, pp->first);
        pg_td_time(p, pp->last);
        pg_close(p);
    }
    pg_close(p);
    pg_close(p); /* table */
    pg_close(p); /* div */
    pg_cut_note(p, n, p->npeople, "users.csv");
    pg_close(p);
}

/* ---- 3. worth a look ---- */
typedef int (*pg_test_fn)(const pg_page *p, int32_t u);

static int only_prompt(const pg_page *p, int32_t u)
{
    const pg_figures *pp = &p->people[u];

    return pp->comments > 0 && pp->top_level == pp->comments && pp->given == 0;
}

static int replied_nobody(const pg_page *p, int32_t u)
{
    return p->people[u].comments > 0 && p->people[u].given == 0 && !only_prompt(p, u);
}

static int never_posted(const pg_page *p, int32_t u)
{
    return !p->people[u].posted;
}

static void look_list(pg_page *p, const char *title, const char *explain, const char *none,
                      pg_test_fn test)
{
    int32_t *list = malloc((p->npeople ? p->npeople : 1) * sizeof *list);
    size_t i, n = 0, max = p->big ? p->top : p->npeople;

    if (!list) {
        p->failed = 1;
        return;
    }
    for (i = 0; i < p->npeople; i++)
        if (test(p, p->by_posts[i]))
            list[n++] = p->by_posts[i];
    pg_elem(p, "h3", title);
    pg_open(p, "p");
    pg_text(p, explain);
    pg_close(p);
    if (n == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, none);
        pg_close(p);
    } else {
        pg_open(p, "ul");
        pg_attr(p, "class", "people");
        for (i = 0; i < n && i < max; i++) {
            pg_open(p, "li");
            pg_person(p, list[i]);
            pg_close(p);
        }
        pg_close(p);
        if (n > max) {
            pg_open(p, "p");
            pg_attr(p, "class", "note");
            char b[32];

            pg_textf(p, "... and %s more (users.csv has everyone).",
                     pg_count((long)(n - max), b, sizeof b));
            pg_close(p);
        }
    }
    free(list);
}

void pg_worth_a_look(pg_page *p)
{
    pg_section(p, "worth-a-look", "3. Worth a look");
    pg_open(p, "p");
    pg_text(p, "People a teacher may want to check on. Each list is most posts first.");
    pg_close(p);
    look_list(p, "Got no reply",
              "They posted, but no one answered any of their posts.",
              "Everyone who posted got at least one reply.", no_reply);
    look_list(p, "Only answered the prompt",
              "All their comments answer a discussion's opening post; they never replied to "
              "anyone else's comment.",
              "No one only answered the prompt.", only_prompt);
    look_list(p, "Replied to nobody",
              "They wrote comments, but none of them answers someone else's comment (leaving out "
              "those who only answered the prompt).",
              "No one else.", replied_nobody);
    if (p->has_roster)
        look_list(p, "Never posted", "On the class list, but they wrote nothing.",
                  "Everyone on the class list posted.", never_posted);
    pg_close(p);
}

/* ---- 5. back-and-forth pairs ---- */
void pg_pairs(pg_page *p)
{
    const tg_analysis_t *an = p->an;
    size_t i, n = an->npairs;

    pg_section(p, "pairs", "5. Back-and-forth pairs");
    pg_open(p, "p");
    pg_text(p, "Two people form a pair when each replied to the other at least once. "
               "Most replies first.");
    pg_close(p);
    if (n == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "No two people replied to each other both ways.");
        pg_close(p);
        pg_close(p);
        return;
    }
    if (n > p->top)
        n = p->top;
    table_open(p, "pairs-table", "Pairs who replied to each other");
    pg_open(p, "thead");
    pg_open(p, "tr");
    pg_th(p, "Person", "text", NULL);
    pg_th(p, "Other person", "text", NULL);
    pg_th(p, "Replies from person", "num", "pair-replies");
    pg_th(p, "Replies from other", "num", "pair-replies");
    pg_th(p, "Longest back-and-forth", "num", "longest-run");
    pg_th(p, "Discussions", "num", "pair-threads");
    pg_th(p, "First", "num", "first-last");
    pg_th(p, "Last", "num", "first-last");
    pg_close(p);
    pg_close(p);
    pg_open(p, "tbody");
    for (i = 0; i < n; i++) {
        const tg_pair_t *pr = &an->pairs[i];

        pg_open(p, "tr");
        td_person(p, pr->a);
        td_person(p, pr->b);
        pg_td_num(p, pr->a_to_b);
        pg_td_num(p, pr->b_to_a);
        pg_td_num(p, pr->longest_run);
        pg_td_num(p, pr->threads);
        pg_td_time(p, pr->first_time);
        pg_td_time(p, pr->last_time);
        pg_close(p);
    }
    pg_close(p);
    pg_close(p);
    pg_close(p);
    pg_cut_note(p, n, an->npairs, "pairs.csv");
    pg_close(p);
}

/* ---- 6. brokers ---- */
static const pg_page *bc_page;

static int by_betweenness(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    double va = bc_page->an->users[a].betweenness, vb = bc_page->an->users[b].betweenness;

    if (va != vb)
        return va > vb ? -1 : 1;
    return (a > b) - (a < b);
}

#define PG_BROKERS 10

void pg_brokers(pg_page *p)
{
    int32_t *list = malloc((p->nposted ? p->nposted : 1) * sizeof *list);
    size_t i, n = 0;

    if (!list) {
        p->failed = 1;
        return;
    }
    for (i = 0; i < p->nposted; i++)
        if (p->an->users[p->by_posts[i]].betweenness > 1e-9)
            list[n++] = p->by_posts[i];
    bc_page = p;
    qsort(list, n, sizeof *list, by_betweenness);
    bc_page = NULL;
    pg_section(p, "brokers", "6. Brokers");
    pg_open(p, "p");
    pg_text(p, "A broker connects people who do not talk to each other directly: many of the "
               "shortest chains of replies between two people pass through them. Without "
               "them, parts of the class would drift apart. ");
    pg_open(p, "a");
    pg_attr(p, "href", "#g-betweenness");
    pg_text(p, "How is this measured?");
    pg_close(p);
    pg_close(p);
    if (n == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "No one sits between others: no chain of replies passes through a third "
                   "person.");
        pg_close(p);
    } else {
        size_t shown = n < PG_BROKERS ? n : PG_BROKERS;

        table_open(p, "brokers-table", "The people most chains of replies pass through");
        pg_open(p, "thead");
        pg_open(p, "tr");
        pg_th(p, "Name", "text", NULL);
        pg_th(p, "Betweenness", "num", "betweenness");
        pg_th(p, "People replied to", "num", "replied-to");
        pg_th(p, "People who replied", "num", "repliers");
        pg_close(p);
        pg_close(p);
        pg_open(p, "tbody");
        for (i = 0; i < shown; i++) {
            int32_t u = list[i];

            pg_open(p, "tr");
            pg_attrf(p, "data-person", "%ld", (long)u);
            td_person(p, u);
            pg_td_real(p, p->an->users[u].betweenness, 1);
            pg_td_num(p, p->people[u].replied_to);
            pg_td_num(p, p->people[u].repliers);
            pg_close(p);
        }
        pg_close(p);
        pg_close(p);
        pg_close(p);
        if (!p->an->bc_exact) {
            pg_open(p, "p");
            pg_attr(p, "class", "note");
            pg_textf(p, "The network is large, so betweenness was estimated from %zu people "
                        "picked at random (seed %llu).",
                     p->an->bc_samples, (unsigned long long)p->an->seed);
            pg_close(p);
        }
    }
    pg_close(p);
    free(list);
}
