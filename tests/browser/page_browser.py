#!/usr/bin/python3
"""Open report.html in headless Chromium (Debian's chromium and
chromium-driver, driven by python3-selenium) and check it as a reader would.

    page_browser.py THREADGRAPH TESTDATA OUTDIR [--page FILE]

For each page (the seed, the Moodle and Canvas fixtures, a forum of hostile
names, and with --page an existing file such as a 100,000-comment forum's):
  - no console error, and no network request but the page's own file
    (the browser's performance log);
  - clicking a column heading sorts the table (numbers checked against the
    cells' values), clicking a name highlights that person on the page;
  - every chart is there, with a tooltip on every person of the network and
    on every comment of each tree and timeline (counts from users.csv and
    threads.csv);
  - hostile names (<script>, "><svg onload=alert(1)>, ]]>, U+202E) show as
    text and create no element, attribute or alert;
  - with --pseudonymize (when threadgraph has it), no real name anywhere in
    the page.
A screenshot PNG and a printed PDF of each page are saved into OUTDIR.

Exit 0 when all pass, 1 on a failure, 77 (skip) only when Chromium cannot
start, and never when CI=true (a failure then).
"""
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "]]>",
    "\u202Eevil name",
    "<img src=x onerror=alert(2)>",
]
failures = []


def fail(page, msg):
    failures.append("%s: %s" % (page, msg))
    print("FAIL %s: %s" % (page, msg), flush=True)


def skip_or_fail(msg):
    if os.environ.get("CI") == "true":
        print("FAIL (CI=true, so no skip): " + msg, flush=True)
        sys.exit(1)
    print("SKIP: " + msg, flush=True)
    sys.exit(SKIP)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr))
    return r.stdout


def make_page(tg, work, name, files, extra=()):
    """threadgraph run on files; the page it writes, or report --html when
    this run writes none.  Returns the folder."""
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    run([tg, "run", "--out", d] + list(extra) + list(files))
    if not os.path.exists(os.path.join(d, "report.html")):
        run([tg, "report", "--db", os.path.join(d, "threadgraph.db"), "--out", d])
    return d


def make_pseudonymized(tg, work, forum, teacher, name="pseudonyms"):
    """The page of forum with a teacher and pseudonyms: `run` when it takes
    --pseudonymize (its database goes to DIR.private), else import, analyze
    and report into DIR."""
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(d + ".private", ignore_errors=True)
    if "--pseudonymize" in run([tg, "run", "--help"]):
        run([tg, "run", "--out", d, "--teacher", teacher, "--pseudonymize", forum])
        return d
    os.makedirs(d)
    db = os.path.join(work, name + ".db")
    if os.path.exists(db):
        os.unlink(db)
    run([tg, "import", "--db", db, "--teacher", teacher, forum])
    run([tg, "analyze", "--db", db])
    run([tg, "report", "--db", db, "--out", d, "--pseudonymize", "--key", os.path.join(work, name + "-key.csv")])
    return d


def hostile_csv(path):
    """A small forum whose people, thread and location have hostile names;
    everyone replies to someone, so all are in the network and the matrix."""
    rows = [["id", "parent_id", "thread_id", "author", "location", "timestamp", "text"]]
    t = "<b>thread</b> ]]> \u202Etitle"
    names = HOSTILE + ["Plain Person"]
    k = 0
    for i, a in enumerate(names):
        k += 1
        rows.append(["c%d" % k, "", t, a, "<i>here</i>", "2024-02-0%dT10:00:00Z" % (1 + i % 5),
                     "top by " + a])
        top = k
        b = names[(i + 1) % len(names)]
        k += 1
        rows.append(["c%d" % k, "c%d" % top, t, b, "", "2024-02-0%dT11:00:00Z" % (1 + i % 5),
                     "reply to " + a])
        k += 1
        rows.append(["c%d" % k, "c%d" % (k - 1), t, a, "", "2024-02-0%dT12:00:00Z" % (1 + i % 5),
                     "back to " + b])
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return names


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def start_browser(profile):
    try:
        from selenium import webdriver
    except ImportError:
        skip_or_fail("python3-selenium is missing (scripts/setup installs it)")
    for b in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.path.exists(b):
            skip_or_fail("%s is missing (scripts/setup installs chromium and chromium-driver)" % b)
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    args = ["--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-default-apps", "--window-size=1200,900",
            "--user-data-dir=" + profile]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    for a in args:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        from selenium.webdriver.chrome.service import Service
        service = Service(executable_path="/usr/bin/chromedriver")
        return webdriver.Chrome(options=opts, service=service)
    except Exception as e:  # the browser cannot start here
        skip_or_fail("Chromium cannot start: %s" % str(e).splitlines()[0])


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def check_logs(driver, name, url):
    for e in driver.get_log("browser"):
        if e.get("level") == "SEVERE":
            fail(name, "console error: %s" % e.get("message"))
    for e in driver.get_log("performance"):
        msg = json.loads(e["message"])["message"]
        if msg.get("method") != "Network.requestWillBeSent":
            continue
        u = msg["params"]["request"]["url"]
        if msg["params"].get("documentURL", "").startswith("chrome://"):
            continue  # the browser's own new-tab page, loading as it starts
        if u.split("#")[0] != url and not u.startswith("data:"):
            fail(name, "network request for %s" % u)


def check_sort(driver, name, table_id):
    from selenium.webdriver.common.by import By
    tables = driver.find_elements(By.ID, table_id)
    if not tables:
        fail(name, "no table #%s" % table_id)
        return
    heads = tables[0].find_elements(By.CSS_SELECTOR, "thead th")
    col = None
    for i, th in enumerate(heads):
        if th.get_attribute("data-type") == "num":
            col = i
            break
    if col is None:
        fail(name, "#%s has no number column" % table_id)
        return
    values = ("return Array.from(document.getElementById(arguments[0]).tBodies[0].rows)"
              ".map(r => parseFloat(r.cells[arguments[1]].getAttribute('data-v')));")
    span = heads[col].find_element(By.TAG_NAME, "span")
    span.click()
    v = js(driver, values, table_id, col)
    if v != sorted(v, reverse=True) or heads[col].get_attribute("aria-sort") != "descending":
        fail(name, "first click on '%s' did not sort #%s most first: %s" % (span.text, table_id, v[:10]))
    span.click()
    v2 = js(driver, values, table_id, col)
    if v2 != sorted(v2) or heads[col].get_attribute("aria-sort") != "ascending":
        fail(name, "second click on '%s' did not sort #%s least first: %s" % (span.text, table_id, v2[:10]))
    # every heading sorts, and every heading but the name links to the glossary
    for i, th in enumerate(heads):
        th.find_element(By.TAG_NAME, "span").click()
        if th.get_attribute("aria-sort") not in ("ascending", "descending"):
            fail(name, "heading %d of #%s does not sort" % (i, table_id))
        for a in th.find_elements(By.CSS_SELECTOR, "a.gl"):
            target = a.get_attribute("href").split("#")[1]
            if not driver.find_elements(By.ID, target):
                fail(name, "heading link #%s has no glossary entry" % target)


def check_charts(driver, name, folder, big=False):
    kinds = js(driver, "return Array.from(document.querySelectorAll('svg.chart'))"
                       ".map(s => [s.getAttribute('data-chart'), s.getBoundingClientRect().width,"
                       " s.getBoundingClientRect().height]);")
    names = [k[0] for k in kinds]
    for k in kinds:
        if not (k[1] > 50 and k[2] > 50):
            fail(name, "chart %s is not shown (%sx%s)" % tuple(k))
    users = read_csv(os.path.join(folder, "users.csv")) if folder else None
    threads = read_csv(os.path.join(folder, "threads.csv")) if folder else None
    if users is not None:
        # the network draws people linked by a reply to or from another named person
        talking = sum(1 for u in users if int(u["distinct_repliers"]) + int(u["distinct_replied_to"]) > 0)
        if talking and "network" not in names:
            fail(name, "no network chart")
        if talking:
            n = js(driver, "return document.querySelectorAll('svg[data-chart=network] g.node').length;")
            if n != min(talking, 100):
                fail(name, "network shows %d people, users.csv has %d linked by a reply" % (n, talking))
    if threads:
        sizes = [int(t["comments"]) for t in threads if int(t["comments"]) > 0]
        shown = sorted(sizes, reverse=True)[:3 if big else 5]
        if names.count("tree") != len(shown) or names.count("timeline") != len(shown):
            fail(name, "%d trees and %d timelines for %d threads" % (names.count("tree"), names.count("timeline"), len(shown)))
        n = js(driver, "return document.querySelectorAll('svg[data-chart=tree] g.node').length;")
        if n != sum(min(s, 2000) for s in shown):
            fail(name, "the trees show %d comments, threads.csv says %d" % (n, sum(min(s, 2000) for s in shown)))
    if "over-time" not in names:
        fail(name, "no chart of posts over time")
    # a tooltip on every person and comment (big forums: threads of more
    # than 2,000 comments have none on purpose)
    bare = js(driver, """
        return Array.from(document.querySelectorAll('svg.chart g.node')).filter(g => {
            const t = g.querySelector(':scope > title');
            return !t || !t.textContent.trim();
        }).length;""")
    if bare and not big:
        fail(name, "%d people or comments in the charts have no tooltip" % bare)
    persons = js(driver, "return document.querySelectorAll('svg.chart g.node[data-person]').length;")
    if not persons:
        fail(name, "no chart mark names its person (data-person)")


def check_highlight(driver, name):
    from selenium.webdriver.common.by import By
    people = driver.find_elements(By.CSS_SELECTOR, "#participation-table .person")
    if not people:
        fail(name, "no person in the participation table")
        return
    p = people[0]
    pid = p.get_attribute("data-person")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", p)
    p.click()
    n = js(driver, "return document.querySelectorAll('.hl[data-person=\"%s\"]').length;" % pid)
    other = js(driver, "return document.querySelectorAll('.hl:not([data-person=\"%s\"])').length;" % pid)
    if n < 2 or other:
        fail(name, "clicking a name highlighted %d marks of that person and %d of others" % (n, other))
    p.click()
    if js(driver, "return document.querySelectorAll('.hl').length;"):
        fail(name, "a second click did not clear the highlight")


def check_hostile(driver, name, names):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        driver.switch_to.alert
        fail(name, "an alert opened")
    except NoAlertPresentException:
        pass
    if js(driver, "return document.scripts.length;") != 1:
        fail(name, "%d script elements (the page has one)" % js(driver, "return document.scripts.length;"))
    for sel in ("img", "b", "i", "svg svg", "svg:not(.chart)", "iframe", "object"):
        n = js(driver, "return document.querySelectorAll(arguments[0]).length;", sel)
        if n:
            fail(name, "%d elements '%s' came from names" % (n, sel))
    bad = js(driver, """
        const out = [];
        for (const e of document.querySelectorAll('*'))
            for (const a of e.attributes)
                if (/^on/i.test(a.name) || /javascript:/i.test(a.value)) out.push(e.tagName + ' ' + a.name);
        return out;""")
    if bad:
        fail(name, "event or script attributes: %s" % bad[:5])
    text = js(driver, "return document.body.textContent;")
    for n in names:
        if n not in text:
            fail(name, "the name %r is not shown as text" % n)


def check_pseudonyms(driver, name, html_path, real_names):
    with open(html_path, encoding="utf-8") as f:
        raw = f.read()
    text = js(driver, "return document.documentElement.outerHTML + document.body.innerText;")
    for n in real_names:
        if n in raw or n in text:
            fail(name, "the real name %r is on the pseudonymised page" % n)


def shoot(driver, name, outdir):
    h = js(driver, "return document.documentElement.scrollHeight;")
    driver.set_window_size(1200, min(max(h, 900), 16000))
    driver.save_screenshot(os.path.join(outdir, "page-%s.png" % name))
    try:
        pdf = driver.print_page()
        with open(os.path.join(outdir, "page-%s.pdf" % name), "wb") as f:
            f.write(base64.b64decode(pdf))
    except Exception as e:  # printing is for looking at, not a check
        print("note: no PDF of %s: %s" % (name, e))
    driver.set_window_size(1200, 900)


def check_page(driver, name, html, folder, outdir, big=False, hostile=None, real_names=None):
    url = "file://" + os.path.abspath(html)
    driver.get("about:blank")
    driver.get_log("performance")  # drop what came before
    driver.get_log("browser")
    driver.get(url)
    check_logs(driver, name, url)
    check_sort(driver, name, "participation-table")
    check_charts(driver, name, folder, big)
    check_highlight(driver, name)
    if hostile:
        check_hostile(driver, name, hostile)
    if real_names:
        check_pseudonyms(driver, name, html, real_names)
    check_logs(driver, name, url)
    shoot(driver, name, outdir)
    print("ok %s" % name, flush=True)


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    tg, data, outdir = sys.argv[1:4]
    extra_page = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--page" else None
    os.makedirs(outdir, exist_ok=True)
    work = os.path.join(outdir, "pages")
    os.makedirs(work, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="tg-chromium-")
    driver = start_browser(profile)
    try:
        if extra_page:
            folder = os.path.dirname(os.path.abspath(extra_page))
            has_csv = os.path.exists(os.path.join(folder, "users.csv"))
            check_page(driver, "given", extra_page, folder if has_csv else None, outdir, big=True)
        else:
            seed = make_page(tg, work, "seed", [os.path.join(data, "newspage", "rferl-gerasimov-comments.txt")])
            check_page(driver, "seed", os.path.join(seed, "report.html"), seed, outdir)
            moodle = make_page(tg, work, "moodle", [os.path.join(data, "moodle", "forum-export.csv")])
            check_page(driver, "moodle", os.path.join(moodle, "report.html"), moodle, outdir)
            canvas = make_page(tg, work, "canvas", [os.path.join(data, "canvas", "topic-1234.json"),
                                                    os.path.join(data, "canvas", "view-1234.json")])
            check_page(driver, "canvas", os.path.join(canvas, "report.html"), canvas, outdir)
            hcsv = os.path.join(work, "hostile.csv")
            names = hostile_csv(hcsv)
            hostile = make_page(tg, work, "hostile", [hcsv])
            check_page(driver, "hostile", os.path.join(hostile, "report.html"), hostile, outdir,
                       hostile=names)
            if "--pseudonymize" in run([tg, "report", "--help"]):
                forum = os.path.join(data, "moodle", "forum-export.csv")
                pseudo = make_pseudonymized(tg, work, forum, "Ben Teacher")
                real = sorted({r["userfullname"] for r in read_csv(forum)})
                check_page(driver, "pseudonyms", os.path.join(pseudo, "report.html"), pseudo, outdir,
                           real_names=real)
                teacher = make_pseudonymized(tg, work, os.path.join(data, "classroom", "moodle-77.csv"),
                                             "Ben Teacher", "teacher")
                check_page(driver, "teacher", os.path.join(teacher, "report.html"), teacher, outdir)
            else:
                print("note: threadgraph has no --pseudonymize yet; the pseudonym check waits for it")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all pages passed; screenshots and PDFs in %s" % outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
