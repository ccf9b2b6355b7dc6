/* options.c - the option parser every command uses, driven by its table. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

/* One option's line; CLI_FORMAT_NAMES becomes the list of format names. */
static void print_help(cli *c, const char *left, const char *help)
{
    const char *mark = strstr(help, CLI_FORMAT_NAMES);
    size_t n, i;
    const tg_format_info_t *f;

    if (!mark) {
        fprintf(c->out, "  %-28s %s\n", left, help);
        return;
    }
    fprintf(c->out, "  %-28s %.*s", left, (int)(mark - help), help);
    f = tg_formats(&n);
    for (i = 0; i < n; i++)
        fprintf(c->out, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", f[i].name);
    fprintf(c->out, "%s\n", mark + strlen(CLI_FORMAT_NAMES));
}

void cli_command_help(cli *c, const cli_command *cmd)
{
    const cli_option *o;
    size_t g;

    fprintf(c->out, "usage: threadgraph %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->options[0])
        fprintf(c->out, "\noptions:\n");
    for (g = 0; g < CLI_MAX_GROUPS && cmd->options[g]; g++) {
        for (o = cmd->options[g]; o->name; o++) {
            char left[64];

            if (o->short_name)
                snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
                         o->arg ? " " : "", o->arg ? o->arg : "");
            else
                snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                         o->arg ? o->arg : "");
            print_help(c, left, o->help);
        }
    }
    fprintf(c->out, "  %-28s %s\n", "    --help", "show this help");
}

int cli_usage_error(cli *c, const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(c->err, "threadgraph: ");
    va_start(ap, fmt);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    fprintf(c->err, "\n");
    if (cmd)
        fprintf(c->err, "usage: threadgraph %s %s\n(see 'threadgraph %s --help')\n", cmd->name,
                cmd->usage, cmd->name);
    return EXIT_USAGE;
}

static const cli_option *find_long(const cli_command *cmd, const char *name, size_t n)
{
    const cli_option *o;
    size_t g;

    for (g = 0; g < CLI_MAX_GROUPS && cmd->options[g]; g++)
        for (o = cmd->options[g]; o->name; o++)
            if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
                return o;
    return NULL;
}

static const cli_option *find_short(const cli_command *cmd, char s)
{
    const cli_option *o;
    size_t g;

    for (g = 0; g < CLI_MAX_GROUPS && cmd->options[g]; g++)
        for (o = cmd->options[g]; o->name; o++)
            if (o->short_name == s)
                return o;
    return NULL;
}

int cli_parse(cli *c, const cli_command *cmd, int argc, char **argv, cli_option_fn fn,
              void *ctx, char ***pos, int *npos, int *help)
{
    int i, only_operands = 0;
    char **out = calloc((size_t)argc + 1, sizeof *out);

    *pos = out;
    *npos = 0;
    *help = 0;
    if (!out)
        return cli_usage_error(c, NULL, "out of memory");
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const cli_option *o;
        const char *value = NULL;

        if (only_operands || a[0] != '-' || a[1] == '\0') {
            out[(*npos)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_command_help(c, cmd);
            *help = 1;
            return 0;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);

            o = find_long(cmd, a + 2, n);
            if (!o)
                return cli_usage_error(c, cmd, "unknown option '%s'", a);
            if (eq) {
                if (!o->arg)
                    return cli_usage_error(c, cmd, "option '--%s' takes no value", o->name);
                value = eq + 1;
            }
        } else {
            o = find_short(cmd, a[1]);
            if (!o)
                return cli_usage_error(c, cmd, "unknown option '%s'", a);
            if (a[2]) {
                if (!o->arg)
                    return cli_usage_error(c, cmd, "option '-%c' takes no value", a[1]);
                value = a + 2;
            }
        }
        if (o->arg && !value) {
            if (i + 1 >= argc)
                return cli_usage_error(c, cmd, "option '--%s' needs a value (%s)", o->name,
                                       o->arg);
            value = argv[++i];
        }
        if (fn(c, ctx, o->id, value))
            return EXIT_USAGE;
    }
    return 0;
}

int cli_exit_status(tg_status_t code)
{
    switch (code) {
    case TG_OK: return 0;
    case TG_ERR_USAGE: return EXIT_USAGE;
    case TG_ERR_DATA: return EXIT_DATAERR;
    default: return 1;
    }
}

/* The option that answers an error, by the error's kind: the library's
 * messages name none. */
static const struct {
    tg_error_kind_t kind;
    const char *before, *after;
} hints[] = {
    { TG_ERROR_KIND_FORMAT, "", " (name one with --format)" },
    { TG_ERROR_KIND_MAP, "--map: ", "" },
    { TG_ERROR_KIND_STRICT, "--strict: ", "" },
    { TG_ERROR_KIND_NO_ANALYSIS, "", " (run 'threadgraph analyze')" },
    { TG_ERROR_KIND_STALE_ANALYSIS, "", " (run 'threadgraph analyze' again)" },
};

int cli_report_error(cli *c, const tg_error_t *err)
{
    const char *before = "", *after = "";
    size_t i;

    for (i = 0; i < sizeof hints / sizeof hints[0]; i++)
        if (hints[i].kind == err->kind) {
            before = hints[i].before;
            after = hints[i].after;
        }
    if (err->file[0] && err->line > 0)
        fprintf(c->err, "threadgraph: %s:%ld: %s%s%s\n", err->file, err->line, before,
                err->message, after);
    else if (err->file[0] && !strstr(err->message, err->file))
        fprintf(c->err, "threadgraph: %s: %s%s%s\n", err->file, before, err->message, after);
    else
        fprintf(c->err, "threadgraph: %s%s%s\n", before, err->message, after);
    return cli_exit_status(err->code);
}

int cli_report_error_hint(cli *c, const tg_error_t *err, const char *hint)
{
    tg_error_t e = *err;
    size_t n = strlen(e.message);

    snprintf(e.message + n, sizeof e.message - n, "%s", hint);
    return cli_report_error(c, &e);
}

long cli_parse_count(const char *s)
{
    char *end;
    long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    v = strtol(s, &end, 10);
    return *end ? -1 : v;
}
