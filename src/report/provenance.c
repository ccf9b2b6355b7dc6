/* provenance.c - summary.json's record of how the analysis was made, so
 * that it can be cited and repeated: the communities found, each input file
 * (name, format, XXH3 hash, size, comments, what its import reported
 * missing), the comments missing in all, the versions of threadgraph and
 * the libraries that computed and wrote the results, the seed, and the
 * methods. */
#include <stdio.h>

#include "core_internal.h"
#include "report_internal.h"
#include "threadgraph/analysis.h"
#include "threadgraph/render.h"
#include "threadgraph/report.h"
#include "threadgraph/version.h"

static void key_long(tg_jsonw *j, const char *key, long v)
{
    tg_jsonw_key(j, key);
    tg_jsonw_int(j, v);
}

static void key_str(tg_jsonw *j, const char *key, const char *v)
{
    tg_jsonw_key(j, key);
    tg_jsonw_string(j, v);
}

void tg_summary_record(tg_jsonw *j, const tg_analysis_t *a, const tg_report_options_t *opt)
{
    long more_stubs = 0, more_hidden = 0, tombstones = 0, absent = 0, missing = 0;
    size_t i;

    tg_jsonw_key(j, "communities");
    tg_jsonw_map_open(j);
    tg_jsonw_key(j, "count");
    tg_jsonw_uint(j, a->ncommunities);
    tg_jsonw_key(j, "modularity");
    tg_jsonw_real(j, a->modularity);
    tg_jsonw_map_close(j);

    tg_jsonw_key(j, "inputs");
    tg_jsonw_array_open(j);
    for (i = 0; i < opt->ninputs; i++) {
        const tg_input_file_t *f = &opt->inputs[i];

        tg_jsonw_map_open(j);
        key_str(j, "name", f->name);
        key_str(j, "format", f->format);
        key_str(j, "xxh3_128", f->hash);
        tg_jsonw_key(j, "bytes");
        tg_jsonw_int(j, (long long)f->bytes);
        key_str(j, "imported_at", f->imported_at);
        key_long(j, "comments", f->comments);
        tg_jsonw_key(j, "missing_comments");
        tg_jsonw_map_open(j);
        key_long(j, "total", f->missing);
        key_long(j, "more_stubs", f->more_stubs);
        key_long(j, "more_stub_ids", f->more_ids);
        key_long(j, "hidden_by_more_stubs", f->more_hidden);
        key_long(j, "tombstones", f->tombstones);
        key_long(j, "absent_children", f->absent_kids);
        tg_jsonw_map_close(j);
        tg_jsonw_map_close(j);
        missing += f->missing;
        more_stubs += f->more_stubs;
        more_hidden += f->more_hidden;
        tombstones += f->tombstones;
        absent += f->absent_kids;
    }
    tg_jsonw_array_close(j);
    tg_jsonw_key(j, "missing_comments");
    tg_jsonw_map_open(j);
    key_long(j, "total", missing);
    key_long(j, "more_stubs", more_stubs);
    key_long(j, "hidden_by_more_stubs", more_hidden);
    key_long(j, "tombstones", tombstones);
    key_long(j, "absent_children", absent);
    tg_jsonw_map_close(j);

    tg_jsonw_key(j, "versions");
    tg_jsonw_map_open(j);
    key_str(j, "threadgraph", tg_version());
    key_str(j, "igraph", tg_analysis_igraph_version());
    key_str(j, "SQLite", tg_store_sqlite_version());
    key_str(j, "cairo", tg_render_cairo_version());
    key_str(j, "pango", tg_render_pango_version());
    key_str(j, "libxml2", tg_report_libxml2_version());
    key_str(j, "yajl", tg_report_yajl_version());
    tg_jsonw_map_close(j);

    tg_jsonw_key(j, "seed");
    tg_jsonw_uint(j, (unsigned long long)a->seed);
    tg_jsonw_key(j, "methods");
    tg_jsonw_map_open(j);
    key_str(j, "depths", "breadth-first search from the roots of the reply forest (igraph_bfs)");
    key_str(j, "pagerank", "igraph_pagerank (PRPACK), damping 0.85, weighted by replies");
    key_str(j, "betweenness",
            a->bc_exact ? "exact, directed, unweighted (igraph_betweenness)"
                        : "estimated from sampled sources, scaled by n/k (igraph_betweenness_subset)");
    key_str(j, "harmonic",
            a->bc_exact ? "exact harmonic closeness, mode IN (igraph_harmonic_centrality)"
                        : "estimated from sampled sources, scaled by n/k");
    key_str(j, "hub_authority", "Kleinberg's scores on the weighted network "
                                "(igraph_hub_and_authority_scores), scaled to a largest of 1");
    key_str(j, "communities",
            "Leiden (igraph_community_leiden) on the undirected network, both directions' "
            "weights summed; modularity: node weights the strengths, resolution 1/(2m), "
            "beta 0.01; one pass at a time until a pass gains less than 1e-4 of the quality "
            "(at most 100); seeded");
    tg_jsonw_map_close(j);
}
