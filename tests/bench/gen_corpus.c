/* gen_corpus.c - tg-gen-corpus, the benchmark's corpus generator: N
 * synthetic comments as Reddit-style ndjson and/or CSV, deterministic for a
 * seed (its own PRNG, one stream per aspect), so that scripts/bench runs
 * without the harness in ../shared/bench.  It follows the model that
 * harness's gen_corpus.py documents (the files have the same shape, not the
 * same bytes):
 *
 *   - thread sizes from a discrete Pareto (alpha 1.15, capped at N/15);
 *     thread starts uniform over 2014, times increasing within a thread;
 *   - a new comment answers the newest one (p 0.30, 0.85 in a back-and-forth),
 *     else starts a top-level comment (p 0.35), else answers a candidate
 *     picked by recency, popularity or at random, accepted with probability
 *     0.65^depth (else a random top-level comment);
 *   - authors from a pool of N/5 with Zipf-Mandelbrot activity 1/(rank+10);
 *     the grandparent's author writes the reply with p 0.35 (0.8 when the
 *     exchange is already going); 3% [deleted], 2% Anonymous;
 *   - a fixed location per user in the CSV (25% none), Zipf over places with
 *     spelling variants, commas, quotes, non-ASCII and emoji;
 *   - texts of 5-60 words in sentences, with commas, newlines, quotes,
 *     non-ASCII words and emoji.
 *
 * Output is in global time order; ids are base36 and grow with time.
 *
 * --one-thread puts all N comments in one thread (one post) by the same
 * model: the largest thread, deep (chains of back-and-forth) and wide
 * (about a sixth of the comments answer the post itself).
 *
 *   tg-gen-corpus --comments N [--seed S] [--format reddit|csv|both] [--one-thread]
 *                 --out PREFIX */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define T0 1388534400LL     /* 2014-01-01T00:00:00Z */
#define T1 1420070400LL     /* 2015-01-01T00:00:00Z */

/* ---- randomness: splitmix64, one stream per aspect ---- */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next64(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static rng stream(uint64_t seed, const char *name)
{
    rng r = { seed * 0x2545F4914F6CDD1DULL + 1 };
    const char *p;

    for (p = name; *p; p++)
        r.s = (r.s ^ (unsigned char)*p) * 0x100000001B3ULL;
    next64(&r);
    return r;
}

static double unif(rng *r)
{
    return (double)(next64(r) >> 11) * (1.0 / 9007199254740992.0);
}

static size_t below(rng *r, size_t n)
{
    return n ? (size_t)(unif(r) * (double)n) : 0;
}

static double expo(rng *r, double lambda)
{
    return -log(1.0 - unif(r)) / lambda;
}

/* Index drawn from cumulative weights cw[0..n). */
static size_t pick(rng *r, const double *cw, size_t n)
{
    double x = unif(r) * cw[n - 1];
    size_t lo = 0, hi = n - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (cw[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double *zipf_weights(size_t n, double offset)
{
    double *cw = malloc(n * sizeof *cw), acc = 0;
    size_t i;

    if (!cw)
        exit(1);
    for (i = 0; i < n; i++)
        cw[i] = acc += 1.0 / ((double)i + offset);
    return cw;
}

/* ---- vocabulary (ours; frequent words first) ---- */
static const char *const words[] = {
    "the", "I", "to", "a", "and", "it", "of", "you", "that", "is", "in", "this", "not",
    "for", "be", "was", "have", "but", "they", "on", "with", "are", "just", "like", "what",
    "if", "so", "do", "my", "would", "can", "people", "at", "your", "we", "all", "think",
    "get", "or", "about", "one", "there", "don't", "me", "no", "it's", "from", "more",
    "know", "time", "out", "some", "up", "really", "how", "when", "good", "which", "because",
    "who", "even", "only", "make", "also", "see", "much", "then", "other", "way", "right",
    "now", "want", "going", "been", "could", "well", "here", "why", "thing", "should",
    "still", "said", "yeah", "sure", "pretty", "game", "first", "year", "team", "someone",
    "probably", "never", "always", "point", "post", "better", "best", "bad", "new", "old",
    "work", "look", "need", "mean", "back", "life", "day", "money", "play", "many", "most",
    "things", "agree", "true", "problem", "reason", "fact", "whole", "kind", "little",
    "long", "great", "read", "city", "law", "system", "everyone", "nothing", "idea",
    "source", "article", "comment", "thread", "edit", "link", "video", "school", "job",
    "car", "house", "family", "friend", "dog", "cat", "food", "water", "music", "movie",
    "book", "season", "player", "league", "match", "price", "market", "company", "phone",
    "computer", "code", "data", "tax", "vote", "history", "science", "study", "doctor",
    "believe", "wrong", "exactly", "literally", "basically", "honestly", "maybe",
    "however", "though", "while", "since", "before", "after", "without", "around",
    "again", "already", "almost", "enough", "quite", "very", "often", "sometimes",
    "everything", "anything", "happen", "try", "feel", "seem", "understand", "remember",
    "talk", "ask", "tell", "call", "use", "keep", "start", "stop", "help", "care", "live",
    "buy", "sell", "pay", "build", "drive", "run", "lol", "imo", "tbh", "btw", "ok",
    "yes", "nope", "thanks", "sorry", "please",
};
static const char *const exotic[] = {
    "привет", "спасибо", "конечно", "مرحبا", "شكرا", "γεια", "שלום", "こんにちは",
    "谢谢", "안녕하세요", "café", "naïve", "über", "señor", "jalapeño", "résumé",
    "😂", "👍", "🔥", "🤔", "❤️", "💯", "—", "…", "€5", "½", "→",
};
static const char *const places[] = {
    "USA", "United States", "UK", "Canada", "California", "US", "London", "New York, NY",
    "Australia", "Germany", "Texas", "usa", "Toronto", "NYC", "Chicago, IL", "India",
    "England", "Seattle, WA", "Florida", "Brasil", "Deutschland", "Ireland",
    "Portland, OR", "Sweden", "Berlin", "Paris, France", "Boston, MA", "us",
    "United Kingdom", "Scotland", "New Zealand", "Melbourne", "Vancouver, BC",
    "Austin, TX", "Москва", "France", "Norway", "Poland", "Mexico", "U.S.A.",
    "Brooklyn", "Montréal", "Washington, DC", "the internet", "Earth", "united states",
    "Tokyo", "東京", "서울", "北京", "Singapore", "Mumbai", "دبي", "القاهرة", "İstanbul",
    "Αθήνα", "Roma", "Zürich", "Köln", "København", "Reykjavík", "Kraków", "Київ",
    "Санкт-Петербург", "تهران", "São Paulo", "Bogotá", "Ciudad de México", "Québec",
    "Bay Area", "NorCal", "Ontario", "Virginia", "Oregon", "Japan", "日本", "中国",
    "Việt Nam", "Türkiye", "مصر", "Россия", "Україна", "Ελλάδα", "España", "Österreich",
    "Ísland", "U.K.", "uk", "America", "'Murica", "nowhere", "under a rock", "Mars",
    "127.0.0.1", "The Shire", "¯\\_(ツ)_/¯", "🌍", "🇺🇸", "🇬🇧", "🇨🇦",
    "The \"Big Apple\"", "\"Somewhere, USA\"",
};
static const char *const subreddits[] = {
    "AskReddit", "politics", "worldnews", "funny", "pics", "gaming", "news", "videos",
    "todayilearned", "nba", "soccer", "movies", "science", "technology", "europe",
    "programming", "books", "Music", "space", "history", "linux",
};
static const char *const adjectives[] = {
    "Quiet", "Angry", "Happy", "Lazy", "Silent", "Dark", "Golden", "Iron", "Sleepy",
    "Salty", "Grumpy", "Sneaky", "Brave", "Cosmic", "Rusty", "Tiny", "Wild", "Lucky",
};
static const char *const nouns[] = {
    "Falcon", "Potato", "Panda", "Wizard", "Otter", "Badger", "Pickle", "Viking",
    "Penguin", "Walrus", "Dragon", "Toaster", "Llama", "Moose", "Raccoon", "Waffle",
};
static const char *const firsts[] = {
    "john", "mike", "dave", "chris", "alex", "sam", "kate", "emma", "anna", "lisa", "tom",
    "ben", "joe", "max", "leo", "mia", "zoe", "ryan", "paul", "sarah",
};
static const char *const exotic_names[] = {
    "Дмитрий", "Ольга", "Иван", "José", "Zoë", "Jürgen", "Søren", "Łukasz", "Çağla",
    "Ngọc", "محمد", "יוסי", "太郎", "小明", "Σοφία", "Åsa",
};
static const char *const display_names[] = {
    "John Smith", "Smith, J.", "Bob \"the Builder\"", "Mary-Jane O'Neil", "Dr. Who",
    "Lee, Ann", "Anna K.", "van der Berg, P.",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- growable text ---- */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        if (!(b->p = realloc(b->p, b->cap)))
            exit(1);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts0(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(buf *b, const char *fmt, long long v)
{
    char tmp[128];
    int k = snprintf(tmp, sizeof tmp, fmt, v);

    put(b, tmp, k < 0 ? 0 : (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

static void b36(char *out, unsigned long long v)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[16];
    int k = 0, i;

    do {
        tmp[k++] = digits[v % 36];
        v /= 36;
    } while (v);
    for (i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    out[k] = '\0';
}

/* ---- users ---- */
static char **make_users(rng *r, size_t n)
{
    char **names = calloc(n, sizeof *names);
    size_t cap = 16, i, k, mask;
    const char **set;

    while (cap < n * 2)
        cap *= 2;
    mask = cap - 1;
    set = calloc(cap, sizeof *set);
    if (!names || !set)
        exit(1);
    for (i = 0; i < n; i++) {
        buf b = { 0 };
        double x = unif(r);
        char num[16];
        uint64_t h;

        if (x < 0.30) {
            puts0(&b, adjectives[below(r, N_OF(adjectives))]);
            puts0(&b, nouns[below(r, N_OF(nouns))]);
            putf(&b, "%lld", (long long)below(r, 100));
        } else if (x < 0.50) {
            puts0(&b, firsts[below(r, N_OF(firsts))]);
            if (unif(r) < 0.5)
                puts0(&b, "_");
            putf(&b, "%lld", (long long)below(r, 10000));
        } else if (x < 0.62) {
            puts0(&b, "throwaway");
            putf(&b, "%lld", (long long)below(r, 100000));
        } else if (x < 0.80) {
            size_t len = 4 + below(r, 7);

            for (k = 0; k < len; k++) {
                char c = (char)('a' + below(r, 26));

                put(&b, &c, 1);
            }
        } else if (x < 0.935) {
            const char *a = adjectives[below(r, N_OF(adjectives))];
            const char *o = nouns[below(r, N_OF(nouns))];

            for (k = 0; a[k]; k++) {
                char c = (char)(a[k] | 0x20);

                put(&b, &c, 1);
            }
            puts0(&b, "_");
            for (k = 0; o[k]; k++) {
                char c = (char)(o[k] | 0x20);

                put(&b, &c, 1);
            }
        } else if (x < 0.995) {
            puts0(&b, exotic_names[below(r, N_OF(exotic_names))]);
            putf(&b, unif(r) < 0.5 ? "_%lld" : "%lld", (long long)below(r, 1000));
        } else {
            puts0(&b, display_names[below(r, N_OF(display_names))]);
            putf(&b, " %lld", (long long)below(r, 1000));
        }
        /* unique, and never one of the anonymous names */
        for (;;) {
            const char *p;

            for (h = 1469598103934665603ULL, p = b.p; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            for (k = (size_t)h & mask; set[k] && strcmp(set[k], b.p); k = (k + 1) & mask)
                ;
            if (!set[k] && strcmp(b.p, "[deleted]") && strcmp(b.p, "Anonymous"))
                break;
            b36(num, below(r, 36));
            puts0(&b, num);
        }
        set[k] = b.p;
        names[i] = b.p;
    }
    free(set);
    return names;
}

/* ---- texts ---- */
static void make_text(rng *r, const double *wcw, buf *t)
{
    size_t n = 5 + (size_t)fmin(55.0, floor(expo(r, 1.0 / 14.0))), i = 0, k, j;
    const char *w[64];
    int quote_at = -1, unquote_at = -1;

    t->n = 0;
    for (k = 0; k < n; k++)
        w[k] = words[pick(r, wcw, N_OF(words))];
    if (unif(r) < 0.10) {
        w[below(r, n)] = exotic[below(r, N_OF(exotic))];
        if (unif(r) < 0.3)
            w[below(r, n)] = exotic[below(r, N_OF(exotic))];
    }
    if (unif(r) < 0.06) {
        size_t room;

        quote_at = (int)below(r, n - 2);
        room = n - (size_t)quote_at - 1;
        unquote_at = quote_at + 1 + (int)below(r, room < 4 ? room : 4);
    }
    while (i < n) {
        size_t end = i + 4 + below(r, 12), comma = 0;
        double x;

        if (end > n)
            end = n;
        if (end - i > 3 && unif(r) < 0.35)
            comma = i + 1 + below(r, end - i - 2);
        if (i) {
            x = unif(r);
            puts0(t, x < 0.90 ? " " : x < 0.97 ? "\n\n" : "\n");
        }
        for (j = i; j < end; j++) {
            if (j > i)
                puts0(t, " ");
            if ((int)j == quote_at)
                puts0(t, "\"");
            if (j == i && w[j][0] >= 'a' && w[j][0] <= 'z') {
                char c = (char)(w[j][0] - 'a' + 'A');

                put(t, &c, 1);
                puts0(t, w[j] + 1);
            } else {
                puts0(t, w[j]);
            }
            if ((int)j == unquote_at)
                puts0(t, "\"");
            if (comma && j == comma)
                puts0(t, ",");
        }
        x = unif(r);
        puts0(t, x < 0.75 ? "." : x < 0.9 ? "?" : "!");
        i = end;
    }
}

/* ---- output ---- */
static void json_str(buf *b, const char *s)
{
    const unsigned char *p;

    puts0(b, "\"");
    for (p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = { '\\', (char)*p };

            put(b, esc, 2);
        } else if (*p == '\n') {
            puts0(b, "\\n");
        } else if (*p < 0x20) {
            char esc[8];

            put(b, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", *p));
        } else {
            put(b, (const char *)p, 1);
        }
    }
    puts0(b, "\"");
}

static void csv_field(buf *b, const char *s)
{
    const char *p;

    if (!strpbrk(s, ",\"\r\n")) {
        puts0(b, s);
        return;
    }
    puts0(b, "\"");
    for (p = s; *p; p++) {
        if (*p == '"')
            puts0(b, "\"");
        put(b, p, 1);
    }
    puts0(b, "\"");
}

typedef struct comment {
    int64_t ts;
    int32_t thread, parent, author;  /* parent: creation index, -1 none */
    int32_t creation;
} comment;

static int by_time(const void *a, const void *b)
{
    const comment *x = a, *y = b;

    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return x->creation < y->creation ? -1 : x->creation > y->creation;
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

static int usage(void)
{
    fprintf(stderr, "usage: tg-gen-corpus --comments N [--seed S] [--format reddit|csv|both] "
                    "[--one-thread] --out PREFIX\n");
    return 2;
}

/* The reply structure of every thread, in creation order (thread after
 * thread); authors before masking. */
static void make_structure(rng *r, size_t nthreads, const int32_t *sizes, const int64_t *starts,
                           const double *ucw, size_t nusers, comment *cs)
{
    size_t t, g = 0, maxm = 0;
    int32_t *par, *aut, *dep, *tops, *popular;
    unsigned char *bf;

    for (t = 0; t < nthreads; t++)
        if ((size_t)sizes[t] > maxm)
            maxm = (size_t)sizes[t];
    par = malloc(maxm * sizeof *par);
    aut = malloc(maxm * sizeof *aut);
    dep = malloc(maxm * sizeof *dep);
    tops = malloc(maxm * sizeof *tops);
    popular = malloc(maxm * sizeof *popular);
    bf = malloc(maxm);
    if (!par || !aut || !dep || !tops || !popular || !bf)
        exit(1);
    for (t = 0; t < nthreads; t++) {
        size_t m = (size_t)sizes[t], i, ntops = 0, npop = 0, base = g;
        double mean_gap = 40000.0 / (double)m < 2.0 ? 2.0 : 40000.0 / (double)m;
        int64_t now = starts[t] + 30 + (int64_t)expo(r, 1.0 / 600.0);

        for (i = 0; i < m; i++, g++) {
            int32_t p = -1, a = -1;

            if (i) {
                size_t last = i - 1;

                if (unif(r) < (bf[last] ? 0.85 : 0.30)) {
                    p = (int32_t)last;
                } else if (unif(r) >= 0.35) {
                    int tries;

                    for (tries = 0; tries < 4 && p < 0; tries++) {
                        double x = unif(r);
                        size_t c;

                        if (x < 0.45) {
                            double back = floor(expo(r, 0.35));

                            c = back > (double)last ? 0 : last - (size_t)back;
                        } else if (x < 0.80 && npop) {
                            c = (size_t)popular[below(r, npop)];
                        } else {
                            c = below(r, i);
                        }
                        if (unif(r) < pow(0.65, dep[c]))
                            p = (int32_t)c;
                    }
                    if (p < 0)
                        p = tops[below(r, ntops)];
                }
                now += 1 + (int64_t)expo(r, 1.0 / (mean_gap * (1.0 + 3.0 * (double)i / (double)m)));
            }
            bf[i] = 0;
            dep[i] = 0;
            par[i] = p;
            if (p >= 0) {
                popular[npop++] = p;
                dep[i] = dep[p] + 1;
                /* the author answered in p writes again: a back-and-forth */
                if (par[p] >= 0 && aut[par[p]] != aut[p] &&
                    unif(r) < (bf[p] ? 0.80 : 0.35)) {
                    a = aut[par[p]];
                    bf[i] = 1;
                }
            } else {
                tops[ntops++] = (int32_t)i;
            }
            if (a < 0)
                a = (int32_t)pick(r, ucw, nusers);
            aut[i] = a;
            cs[g].ts = now;
            cs[g].thread = (int32_t)t;
            cs[g].parent = p >= 0 ? (int32_t)(base + (size_t)p) : -1;
            cs[g].author = a;
            cs[g].creation = (int32_t)g;
        }
    }
    free(par);
    free(aut);
    free(dep);
    free(tops);
    free(popular);
    free(bf);
}

int main(int argc, char **argv)
{
    long long n = 0, seed = 1;
    const char *format = "both", *out = NULL;
    int i, want_json, want_csv, one_thread = 0;
    rng rs, ru, rm, rt, rsc;
    size_t nusers, nthreads = 0, cap_threads = 1024, t, k;
    int32_t *sizes, *rank, *sub;
    int64_t *starts;
    char **names;
    const char **locs;
    double *ucw, *pcw, *wcw, *scw;
    comment *cs;
    FILE *fj = NULL, *fc = NULL;
    buf line = { 0 }, text = { 0 };
    char path[4096];

    for (i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--comments") == 0)
            n = atoll(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = atoll(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--format") == 0)
            format = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--out") == 0)
            out = argv[++i];
        else if (strcmp(argv[i], "--one-thread") == 0)
            one_thread = 1;
        else
            return usage();
    }
    want_json = strcmp(format, "reddit") == 0 || strcmp(format, "both") == 0;
    want_csv = strcmp(format, "csv") == 0 || strcmp(format, "both") == 0;
    if (n < 1 || n > 1000000000LL || !out || (!want_json && !want_csv))
        return usage();

    rs = stream((uint64_t)seed, "structure");
    ru = stream((uint64_t)seed, "users");
    rm = stream((uint64_t)seed, "mask");
    rt = stream((uint64_t)seed, "text");
    rsc = stream((uint64_t)seed, "score");
    nusers = n / 5 > 50 ? (size_t)(n / 5) : 50;
    names = make_users(&ru, nusers);
    pcw = zipf_weights(N_OF(places), 1.0);
    locs = malloc(nusers * sizeof *locs);
    if (!locs)
        return 1;
    for (k = 0; k < nusers; k++) {
        const char *l = places[pick(&ru, pcw, N_OF(places))];

        locs[k] = unif(&ru) < 0.25 ? "" : l;
    }
    ucw = zipf_weights(nusers, 11.0); /* 1/(rank+10), ranks from 1 */
    wcw = zipf_weights(N_OF(words), 2.0);
    scw = zipf_weights(N_OF(subreddits), 1.0);

    /* thread sizes: a discrete Pareto, capped; starts uniform over 2014 */
    if (!(sizes = malloc(cap_threads * sizeof *sizes)))
        return 1;
    {
        long long total = 0, cap = n / 15 > 20 ? n / 15 : 20;

        if (one_thread)
            cap = n;

        while (total < n) {
            double s = floor(pow(1.0 - unif(&rs), -1.0 / 1.15));
            long long m = one_thread ? n : s > (double)cap ? cap : (long long)s;

            if (m > n - total)
                m = n - total;
            if (nthreads == cap_threads &&
                !(sizes = realloc(sizes, (cap_threads *= 2) * sizeof *sizes)))
                return 1;
            sizes[nthreads++] = (int32_t)m;
            total += m;
        }
    }
    starts = malloc(nthreads * sizeof *starts);
    sub = malloc(nthreads * sizeof *sub);
    cs = malloc((size_t)n * sizeof *cs);
    rank = malloc((size_t)n * sizeof *rank);
    if (!starts || !sub || !cs || !rank)
        return 1;
    for (t = 0; t < nthreads; t++)
        starts[t] = T0 + (int64_t)(unif(&rs) * (double)(T1 - T0));
    qsort(starts, nthreads, sizeof *starts, cmp64);
    for (t = 0; t < nthreads; t++)
        sub[t] = (int32_t)pick(&rs, scw, N_OF(subreddits));
    make_structure(&rs, nthreads, sizes, starts, ucw, nusers, cs);
    /* masking, by creation order: [deleted] -1, Anonymous -2 */
    for (k = 0; k < (size_t)n; k++) {
        double x = unif(&rm);

        if (x < 0.03)
            cs[k].author = -1;
        else if (x < 0.05)
            cs[k].author = -2;
    }
    /* global time order; a parent keeps its place before its replies */
    qsort(cs, (size_t)n, sizeof *cs, by_time);
    for (k = 0; k < (size_t)n; k++)
        rank[cs[k].creation] = (int32_t)k;

    if (want_json) {
        snprintf(path, sizeof path, "%s.ndjson", out);
        if (!(fj = fopen(path, "w")))
            return perror(path), 1;
    }
    if (want_csv) {
        snprintf(path, sizeof path, "%s.csv", out);
        if (!(fc = fopen(path, "w")))
            return perror(path), 1;
        fputs("id,parent_id,thread_id,author,location,timestamp,text\r\n", fc);
    }
    for (k = 0; k < (size_t)n; k++) {
        const comment *c = &cs[k];
        char cid[16], pid[16] = "", tid[16];
        const char *author = c->author == -1 ? "[deleted]" : c->author == -2 ? "Anonymous"
                                                                            : names[c->author];
        long long score;

        b36(cid, 0x6643ed800ULL + k);  /* "cm00000" */
        if (c->parent >= 0)
            b36(pid, 0x6643ed800ULL + (unsigned long long)rank[c->parent]);
        b36(tid, 0x9029a00ULL + (unsigned long long)c->thread); /* "2i0000" */
        make_text(&rt, wcw, &text);
        score = unif(&rsc) < 0.08 ? -(long long)pow(1.0 - unif(&rsc), -1.0 / 1.3)
                                  : (long long)pow(1.0 - unif(&rsc), -1.0 / 1.2);
        if (fj) {
            line.n = 0;
            puts0(&line, "{\"id\":\"");
            puts0(&line, cid);
            puts0(&line, c->parent >= 0 ? "\",\"parent_id\":\"t1_" : "\",\"parent_id\":\"t3_");
            puts0(&line, c->parent >= 0 ? pid : tid);
            puts0(&line, "\",\"link_id\":\"t3_");
            puts0(&line, tid);
            puts0(&line, "\",\"author\":");
            json_str(&line, author);
            putf(&line, ",\"created_utc\":%lld,\"body\":", (long long)c->ts);
            json_str(&line, text.p);
            puts0(&line, ",\"subreddit\":\"");
            puts0(&line, subreddits[sub[c->thread]]);
            putf(&line, "\",\"score\":%lld}\n", score);
            fwrite(line.p, 1, line.n, fj);
        }
        if (fc) {
            time_t tt = (time_t)c->ts;
            struct tm tm;
            char stamp[32];

            gmtime_r(&tt, &tm);
            strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
            line.n = 0;
            puts0(&line, cid);
            puts0(&line, ",");
            puts0(&line, pid);
            puts0(&line, ",");
            puts0(&line, tid);
            puts0(&line, ",");
            csv_field(&line, author);
            puts0(&line, ",");
            csv_field(&line, c->author < 0 ? "" : locs[c->author]);
            puts0(&line, ",");
            puts0(&line, stamp);
            puts0(&line, ",");
            csv_field(&line, text.p);
            puts0(&line, "\r\n");
            fwrite(line.p, 1, line.n, fc);
        }
    }
    if ((fj && fclose(fj)) || (fc && fclose(fc)))
        return perror(out), 1;
    for (k = 0; k < nusers; k++)
        free(names[k]);
    free(names);
    free(locs);
    free(ucw);
    free(pcw);
    free(wcw);
    free(scw);
    free(sizes);
    free(starts);
    free(sub);
    free(cs);
    free(rank);
    free(line.p);
    free(text.p);
    return 0;
}
