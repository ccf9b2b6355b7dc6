/* page_text.c - the last two sections of report.html: the glossary (every
 * measure in words a 15-year-old can follow; column headings link here)
 * and how the page was made (version, input files and their hashes, seed,
 * methods, date). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "page_internal.h"

static const char *const glossary[][3] = {
    { "post", "Post",
      "Anything a person wrote in the forum: an opening post that starts a discussion, or a "
      "comment inside one." },
    { "posts", "Posts", "How many posts this person wrote, opening posts included." },
    { "reply", "Reply",
      "A comment that answers someone else's comment. Answers to a discussion's opening "
      "post are not counted as replies, and neither is answering yourself. The matrix, the "
      "network and the teacher share count only replies between two named people; the table "
      "also counts replies to and from anonymous comments." },
    { "replies-given", "Replies given", "How many replies this person wrote to other people." },
    { "replies-received", "Replies received",
      "How many replies other people wrote to this person's comments." },
    { "replied-to", "People replied to", "How many different people this person answered." },
    { "repliers", "People who replied",
      "How many different people answered this person." },
    { "partners", "Back-and-forth partners",
      "How many people this person has a back-and-forth with: each of the two replied to the "
      "other at least once." },
    { "first-last", "First and last",
      "The date and time of the first and the last post, in the time zone named under "
      "\"How this was made\"." },
    { "role", "Role",
      "Teacher or student, as given with --teacher or the class list (--roster). Empty when "
      "no role was given." },
    { "pair-replies", "Replies from person, from other",
      "In a pair, how many times the first person replied to the other, and the other to "
      "the first." },
    { "longest-run", "Longest back-and-forth",
      "The most comments in a row in one chain of replies that go back and forth between "
      "the two people (A answers B, B answers A, ...)." },
    { "pair-threads", "Discussions",
      "In how many discussions the two people replied to each other." },
    { "depth", "Deepest exchange",
      "The longest chain of comments where each answers the one before. A comment that "
      "answers the opening post starts a chain of one." },
    { "teacher-share", "Teacher share",
      "Of all replies between people, the part that a teacher wrote or that answered a "
      "teacher. Near 100% means everything went through the teacher; near 0% means students "
      "talked mostly with each other." },
    { "matrix", "Reply matrix",
      "A table with one row and one column per person. The number where row A meets column B "
      "is how many times A replied to B." },
    { "network", "Reply network",
      "A drawing of the same thing: people are circles, and an arrow goes from each person to "
      "the people they answered." },
    { "betweenness", "Betweenness",
      "Think of every pair of people and the shortest chain of replies linking them. A "
      "person's betweenness counts how many of those chains pass through them. High "
      "betweenness means they are a bridge between people who do not talk directly." },
    { "no-reply", "Got no reply", "Posted at least once, but nobody answered." },
    { "only-prompt", "Only answered the prompt",
      "Every comment they wrote answers a discussion's opening post; they never answered a "
      "classmate." },
    { "replied-nobody", "Replied to nobody",
      "They wrote comments, but not one of them answers someone else's comment." },
    { "never-posted", "Never posted",
      "On the class list (--roster), but they wrote nothing in the forum." },
    { "over-time", "Posts over time",
      "How many posts were written each day (or each week, for a long forum), split by "
      "role when roles are given." },
};

void pg_glossary(pg_page *p)
{
    size_t i;

    pg_section(p, "glossary", "7. Glossary");
    pg_open(p, "dl");
    pg_attr(p, "class", "glossary");
    for (i = 0; i < sizeof glossary / sizeof glossary[0]; i++) {
        char id[64];

        snprintf(id, sizeof id, "g-%s", glossary[i][0]);
        pg_open(p, "dt");
        pg_attr(p, "id", id);
        pg_text(p, glossary[i][1]);
        pg_close(p);
        pg_elem(p, "dd", glossary[i][2]);
    }
    pg_close(p);
    pg_close(p);
}

static void row(pg_page *p, const char *key, const char *value)
{
    pg_open(p, "tr");
    pg_open(p, "th");
    pg_attr(p, "scope", "row");
    pg_text(p, key);
    pg_close(p);
    pg_elem(p, "td", value);
    pg_close(p);
}

static int64_t made_at(const pg_page *p)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");

    if (p->opt->made_at != TG_TIME_NONE)
        return p->opt->made_at;
    if (sde && *sde)
        return strtoll(sde, NULL, 10);
    return (int64_t)time(NULL);
}

void pg_reproducibility(pg_page *p)
{
    const tg_analysis_t *an = p->an;
    char b[256], when[48];
    size_t i;

    pg_section(p, "method", "8. How this was made");
    pg_open(p, "table");
    pg_attr(p, "class", "facts");
    pg_open(p, "tbody");
    row(p, "Program", "threadgraph");
    row(p, "Version", tg_version());
    pg_fmt_time(p, made_at(p), 1, when, sizeof when);
    snprintf(b, sizeof b, "%s %s", when, pg_zone(p));
    row(p, "Made on", b);
    snprintf(b, sizeof b, "%llu", (unsigned long long)an->seed);
    row(p, "Seed", b);
    if (an->bc_exact)
        snprintf(b, sizeof b, "exact (Brandes), over all %zu people", an->network_vertices);
    else
        snprintf(b, sizeof b, "estimated from %zu of %zu people, picked with the seed",
                 an->bc_samples, an->network_vertices);
    row(p, "Betweenness", b);
    row(p, "Replies",
        p->opt->post_replies ? "comments answering another person's comment, and answers to a "
                               "discussion's opening post (--post-replies-as-edges)"
                             : "comments answering another person's comment; answers to a "
                               "discussion's opening post are not replies");
    row(p, "Names", p->opt->pseudonymize ? "pseudonyms (--pseudonymize)" : "as in the files");
    row(p, "Times", pg_zone(p));
    pg_close(p);
    pg_close(p);
    pg_elem(p, "h3", "Input files");
    if (p->opt->nsources == 0) {
        pg_open(p, "p");
        pg_attr(p, "class", "none");
        pg_text(p, "Not recorded.");
        pg_close(p);
    } else {
        pg_open(p, "div");
        pg_attr(p, "class", "scroll");
        pg_open(p, "table");
        pg_attr(p, "class", "files");
        pg_open(p, "thead");
        pg_open(p, "tr");
        pg_elem(p, "th", "File");
        pg_elem(p, "th", "Format");
        pg_elem(p, "th", "Bytes");
        pg_elem(p, "th", "Comments");
        pg_elem(p, "th", "Content hash (XXH3-128)");
        pg_elem(p, "th", "Imported");
        pg_close(p);
        pg_close(p);
        pg_open(p, "tbody");
        for (i = 0; i < p->opt->nsources; i++) {
            const tg_source_row_t *s = &p->opt->sources[i];
            const char *base = strrchr(s->path, '/');

            pg_open(p, "tr");
            /* the file's name only: a path may hold a person's name (their home folder);
             * with pseudonyms not even that (the hash still tells the file) */
            pg_open(p, "td");
            if (p->opt->pseudonymize)
                pg_textf(p, "input %zu", i + 1);
            else
                pg_text(p, base ? base + 1 : s->path);
            pg_close(p);
            pg_elem(p, "td", s->format);
            pg_td_num(p, (long)s->bytes);
            pg_td_num(p, s->comments);
            pg_open(p, "td");
            pg_elem(p, "code", s->hash);
            pg_close(p);
            pg_elem(p, "td", s->imported_at);
            pg_close(p);
        }
        pg_close(p);
        pg_close(p);
        pg_close(p);
    }
    pg_open(p, "p");
    pg_attr(p, "class", "note");
    pg_text(p, "The CSV files beside this page (users.csv, pairs.csv, comments.csv, "
               "threads.csv) hold every figure in full; docs/metrics.md defines each one.");
    pg_close(p);
    pg_close(p);
}
