#!/usr/bin/env python3
"""`backlab publish` under readers (DESIGN section 5): ITERATIONS publishes of a changing site while
web-server-like readers visit DEST/current without pause. A reader must always find one whole
version, never a page of one version with a chart or a link of another, never a missing or torn file.

The project: a one-run study (sma-atr, whose `fast`/`slow` change every iteration, so its page, its
charts and the top-level index change) and a small grid that never changes (its files are hard-linked
from version to version). Each iteration edits the study, builds, records the site it expects
(SHA-256 of every file of output/ but the build's hidden state, by path), publishes, and reads the
version's id from publish's output. Meanwhile:
- 3 visitors: each visit resolves DEST/current once (os.readlink, as a web server resolves its root
  at the start of a page view), then reads index.html, every study page and, following every local
  `src`/`href` from the pages it reads (a crawl of the version), every file they link to, all inside
  that one version folder. A link to a file the version lacks, or a read error, is a failure; every
  file read must equal the expected site of that version id.
- 1 file reader: reads DEST/current/<path> (the link resolved on each open) over every path of the
  site: each read must equal that path's content in some published version, and a path that every
  version has must never be missing.
Then, in order:
- readers saw at least 3 versions and at least one visit spanned a switch of current;
- each version folder holds exactly its site and its `.files` list says so; a file whose content is
  in the version before is a hard link of it (same inode, st_nlink >= 2), a changed file a new inode,
  every file read-only; the counts equal publish's "hard-linked"/"copied";
- the same site published again (and again after an idle build) is "unchanged": no new version,
  current unmoved;
- `--rollback` twice: DEST/current equals, byte for byte, the site of the version before, then the
  one before that;
- `--keep 3` (a publish from that rolled-back state): exactly the last 3 versions of the publish
  history remain (the two rolled back go), each with
  its .files and its files intact, and nothing else under versions/;
- rollback through the history (the new version, the one it replaced, the one before), and once
  more: that one exits 1 with an error, current unmoved.

Usage: python3 scripts/stress/publish_readers.py [ITERATIONS] [path/to/backlab]   (default 20, .build/release/backlab)
Exits 1 at the first failure.
"""
import collections
import hashlib
import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
BACKLAB = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/backlab")
REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRID = ("objective: sharpe_ratio\nparameters:\n"
        "  strategy.signal_generator.params.fast: {values: [5, 10]}\n"
        "  strategy.signal_generator.params.slow: {values: [30, 60]}\n"
        "heatmap: {x: fast, y: slow}\n")
VISITORS = 3
KEEP_ALL = 10_000  # no version is pruned while readers may be inside it; --keep is tested after
ID = r"\d{6}-\d{8}T\d{6}Z"
PUBLISHED = re.compile(rf"^published \S+ as (\S+)/versions/({ID}): (\d+) files, (\d+) hard-linked from (no earlier version|\S+), "
                       rf"(\d+) copied \([\d.]+ MB\)\n\1/current -> versions/\2\n(?:removed old versions: (.*)\n)?$")
LINK = re.compile(r"""\b(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def fail(message):
    print(f"publish_readers: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def backlab(root, *args, code=0):
    done = subprocess.run([BACKLAB, *args], cwd=root, capture_output=True, text=True)
    if done.returncode != code:
        fail(f"backlab {' '.join(args)} exited {done.returncode} (expected {code}):\n{done.stdout}{done.stderr}")
    return done


def hidden(relative):
    return any(part.startswith(".") for part in relative.split(os.sep))


def tree(folder, content=False, skip_hidden=True):
    """Every file under folder -> its SHA-256 (or its bytes); the build's hidden state left out."""
    found = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if skip_hidden and hidden(relative):
                continue
            with open(path, "rb") as f:
                data = f.read()
            found[relative.replace(os.sep, "/")] = data if content else hashlib.sha256(data).hexdigest()
    return found


def sha(data):
    return hashlib.sha256(data).hexdigest()


def parameters(i):
    """A new (fast, slow) for iteration i, never the study's own 10/30 nor a repeat."""
    return 3 + i % 20, 31 + i // 20


def write_study(root, fast, slow):
    path = os.path.join(root, "studies", "sma-atr", "run.yaml")
    with open(path) as f:
        text = f.read()
    text, count = re.subn(r"fast: \d+, slow: \d+", f"fast: {fast}, slow: {slow}", text)
    if count != 1:
        fail(f"{path}: no `fast: N, slow: N` to change")
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def page_links(page, text):
    """The site paths a page links to (relative links resolved against the page's folder)."""
    base = posixpath.dirname(page)
    for match in LINK.finditer(text):
        reference = html.unescape(match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if not reference or reference.startswith("#") or reference.startswith("//") or SCHEME.match(reference):
            continue  # http:, https:, mailto:, data:, javascript:, an anchor in the page
        reference = urllib.parse.unquote(reference.split("#", 1)[0].split("?", 1)[0])
        if not reference:
            continue
        if reference.startswith("/"):
            yield page, reference, None  # an absolute link: the site is meant to work from any sub-path
            continue
        path = posixpath.normpath(posixpath.join(base, reference))
        if reference.endswith("/"):
            path = posixpath.join(path, "index.html")
        yield page, reference, (None if path == ".." or path.startswith("../") else path)


class Readers:
    """The visitors and the file reader, as threads; what they read is checked after the loop."""

    def __init__(self, dest, paths):
        self.dest = dest
        self.current = os.path.join(dest, "current")
        self.paths = list(paths)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.errors = []
        self.visits = []  # (version at the start, version at the end, {path: sha256})
        self.file_reads = []  # (path, sha256 or None when missing)
        self.threads = [threading.Thread(target=self.visitor, daemon=True) for _ in range(VISITORS)]
        self.threads.append(threading.Thread(target=self.file_reader, daemon=True))

    def error(self, message):
        with self.lock:
            self.errors.append(message)

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)
            if thread.is_alive():
                fail("a reader did not finish within 30 s")

    def resolve(self):
        target = os.readlink(self.current)
        if not re.fullmatch(rf"versions/{ID}", target):
            raise OSError(f"DEST/current -> {target}, not a version")
        return target.split("/", 1)[1], os.path.join(self.dest, target)

    def visitor(self):
        while not self.stop.is_set():
            try:
                self.visit()
            except Exception as error:  # noqa: BLE001 (any failure of a reader is the test's)
                self.error(f"a visit failed: {error!r}")
                return

    def visit(self):
        version, root = self.resolve()
        read = {}
        pages = ["index.html"] + sorted(name + "/index.html" for name in os.listdir(root)
                                        if os.path.isfile(os.path.join(root, name, "index.html")))
        queue = collections.deque((None, page) for page in pages)
        seen = set(pages)
        while queue:
            linked_from, path = queue.popleft()
            try:
                with open(os.path.join(root, path), "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                self.error(f"a visit of version {version}: " + (f"{linked_from} links to {path}, " if linked_from
                           else f"{path}, where a visit starts, ") + f"is not in {root}")
                return
            except OSError as error:
                self.error(f"a visit of version {version}: reading {path}: {error}")
                return
            read[path] = sha(data)
            if not path.endswith(".html"):
                continue
            for page, reference, target in page_links(path, data.decode("utf-8", "replace")):
                if target is None:
                    self.error(f"version {version}: {page} links to {reference}, outside the site")
                    return
                if target not in seen:
                    seen.add(target)
                    queue.append((page, target))
        end, _ = self.resolve()
        with self.lock:
            self.visits.append((version, end, read))

    def file_reader(self):
        while not self.stop.is_set():
            for path in self.paths:
                try:
                    with open(os.path.join(self.current, path), "rb") as f:
                        digest = sha(f.read())
                except FileNotFoundError:
                    digest = None
                except OSError as error:
                    self.error(f"reading current/{path}: {error}")
                    return
                with self.lock:
                    self.file_reads.append((path, digest))
                if self.stop.is_set():
                    return


def publish(root, dest, expected_files, previous, *extra):
    """Runs one publish that must write a new version; returns (id, linked, copied, pruned)."""
    done = backlab(root, "publish", dest, *extra)
    match = PUBLISHED.match(done.stdout)
    if not match or done.stderr:
        fail(f"publish wrote an unexpected report (a new version was due after {previous}):\n{done.stdout}{done.stderr}")
    _, version, files, linked, linked_from, copied, pruned = match.groups()
    if int(files) != expected_files or int(linked) + int(copied) != expected_files:
        fail(f"publish of {version}: {files} files, {linked} linked + {copied} copied; the site has {expected_files}")
    if linked_from != (previous or "no earlier version"):
        fail(f"publish of {version} says it linked from {linked_from}; current was {previous}")
    if os.readlink(os.path.join(dest, "current")) != f"versions/{version}":
        fail(f"after publishing {version}, current -> {os.readlink(os.path.join(dest, 'current'))}")
    return version, int(linked), int(copied), (pruned.split(", ") if pruned else [])


def listing(dest, version):
    with open(os.path.join(dest, "versions", version + ".files")) as f:
        lines = f.read().split("\n")
    if lines[0] != "backlab-publish 1" or lines[-1] != "":
        fail(f"versions/{version}.files: no `backlab-publish 1` header or no final newline")
    entries = {}
    for line in lines[1:-1]:
        digest, size, path = line.split(" ", 2)
        entries[path] = (digest, int(size))
    return entries


def check_version(dest, version, expected, sizes):
    """The version folder holds exactly the expected site (hidden files included) and its list says so."""
    folder = os.path.join(dest, "versions", version)
    found = tree(folder, skip_hidden=False)
    if found != expected:
        differ = sorted(k for k in set(found) | set(expected) if found.get(k) != expected.get(k))
        fail(f"versions/{version} differs from the site published as it in {differ[:10]}")
    wanted = {path: (digest, sizes[path]) for path, digest in expected.items()}
    if listing(dest, version) != wanted:
        fail(f"versions/{version}.files does not list the version's files, sizes and SHA-256")


def current_tree(dest):
    return tree(os.path.join(dest, "current") + "/", content=True, skip_hidden=False)


def same_bytes(found, wanted, what):
    if found != wanted:
        differ = sorted(k for k in set(found) | set(wanted) if found.get(k) != wanted.get(k))
        fail(f"{what}: DEST/current differs from the saved site in {len(differ)} files: {differ[:10]}")


def rollback(root, dest, frm, to):
    done = backlab(root, "publish", dest, "--rollback")
    if f"from version {frm} to {to}" not in done.stdout or done.stderr:
        fail(f"rollback from {frm} should go to {to}:\n{done.stdout}{done.stderr}")
    if os.readlink(os.path.join(dest, "current")) != f"versions/{to}":
        fail(f"after the rollback to {to}, current -> {os.readlink(os.path.join(dest, 'current'))}")


def main():
    if ITERATIONS < 3:
        fail("ITERATIONS must be at least 3 (the rollbacks need four versions)")
    if not os.access(BACKLAB, os.X_OK):
        fail(f"{BACKLAB} is not an executable")
    root = tempfile.mkdtemp(prefix="backlab-publish-")
    dest = os.path.join(root, "www")
    output = os.path.join(root, "output")
    started = time.perf_counter()
    try:
        shutil.copytree(os.path.join(REPOSITORY, "studies", "sma-atr"), os.path.join(root, "studies", "sma-atr"))
        os.makedirs(os.path.join(root, "studies", "grid"))
        shutil.copy(os.path.join(REPOSITORY, "studies", "sma-grid", "run.yaml"), os.path.join(root, "studies", "grid"))
        with open(os.path.join(root, "studies", "grid", "optimization.yaml"), "w") as f:
            f.write(GRID)

        backlab(root, "build", "--quiet")
        expected = {}  # version id -> {path: sha256}
        sizes = {}  # version id -> {path: bytes}
        saved = collections.deque(maxlen=3)  # (id, {path: bytes}) of the newest three sites
        reports = {}  # version id -> (linked, copied) as publish said
        site = tree(output, content=True)
        first, linked, copied, _ = publish(root, dest, len(site), None, "--keep", str(KEEP_ALL))
        order = [first]
        expected[first] = {p: sha(d) for p, d in site.items()}
        sizes[first] = {p: len(d) for p, d in site.items()}
        saved.append((first, site))
        reports[first] = (linked, copied)
        print(f"  {first}: {len(site)} files (sma-atr 10/30 and a 4-run grid); readers start")

        readers = Readers(dest, sorted(site))
        readers.start()
        loop_started = time.perf_counter()
        for i in range(ITERATIONS):
            fast, slow = parameters(i)
            write_study(root, fast, slow)
            backlab(root, "build", "--quiet")
            site = tree(output, content=True)
            hashes = {p: sha(d) for p, d in site.items()}
            if hashes == expected[order[-1]]:
                fail(f"iteration {i + 1}: fast {fast}, slow {slow} built the same site as the version before")
            version, linked, copied, _ = publish(root, dest, len(site), order[-1], "--keep", str(KEEP_ALL))
            if version in expected:
                fail(f"iteration {i + 1}: publish reused the id {version}")
            expected[version], sizes[version] = hashes, {p: len(d) for p, d in site.items()}
            saved.append((version, site))
            reports[version] = (linked, copied)
            order.append(version)
            new_paths = sorted(set(site) - set(readers.paths))
            if new_paths:
                readers.paths = readers.paths + new_paths  # a new list: the reader iterates the old one
            if readers.errors:
                readers.stop.set()
                fail(f"iteration {i + 1}: " + "; ".join(readers.errors[:5]))
            with readers.lock:
                visits, reads = len(readers.visits), len(readers.file_reads)
            print(f"  iteration {i + 1}/{ITERATIONS}: fast {fast}, slow {slow} published as {version} "
                  f"({linked} linked, {copied} copied); {visits} visits, {reads} file reads so far")
        readers.finish()
        loop_seconds = time.perf_counter() - loop_started
        if readers.errors:
            fail("; ".join(readers.errors[:5]))

        # Every visit saw one whole version: the one its resolved link named.
        per_version = collections.Counter()
        straddled = 0
        files_read = 0
        for start, end, read in readers.visits:
            if start not in expected:
                fail(f"a visit saw version {start}, which no publish reported")
            wanted = expected[start]
            for path, digest in read.items():
                if wanted.get(path) != digest:
                    other = [v for v in order if expected[v].get(path) == digest]
                    fail(f"a visit of version {start} read {path} with content "
                         f"{'of version ' + ', '.join(other) if other else 'of no version'}: a mixture of versions")
            per_version[start] += 1
            straddled += start != end
            files_read += len(read)
        if not readers.visits:
            fail("the readers made no visit")
        if len(per_version) < 3:
            fail(f"the readers saw only {len(per_version)} versions of {len(order)}: they did not overlap the publishes")
        if straddled == 0:
            fail("no visit was in progress while current switched: the readers did not overlap the publishes")
        contents = collections.defaultdict(set)
        for version in order:
            for path, digest in expected[version].items():
                contents[path].add(digest)
        everywhere = set.intersection(*(set(expected[v]) for v in order))
        missing = 0
        for path, digest in readers.file_reads:
            if digest is None:
                missing += 1
                if path in everywhere:
                    fail(f"current/{path} was missing for a reader, and every version has it")
            elif digest not in contents[path]:
                fail(f"current/{path} read with content of no published version (torn or partial)")
        print(f"  readers: {len(readers.visits)} visits ({files_read} files, {files_read / len(readers.visits):.0f} "
              f"a visit) saw {len(per_version)} of {len(order)} versions, each visit one whole version; "
              f"{straddled} visits spanned a switch of current; {len(readers.file_reads)} reads through current/, "
              f"all whole ({missing} of a path not in every version missing)")

        # Each version folder: exactly its site; hard links from the version before.
        inodes = {}
        counts = []
        for index, version in enumerate(order):
            check_version(dest, version, expected[version], sizes[version])
            folder = os.path.join(dest, "versions", version)
            inodes[version] = {}
            before = order[index - 1] if index else None
            by_content = collections.defaultdict(set)
            if before:
                for path, digest in expected[before].items():
                    by_content[digest].add(inodes[before][path])
            linked = 0
            for path, digest in expected[version].items():
                info = os.lstat(os.path.join(folder, path))
                inodes[version][path] = info.st_ino
                if info.st_mode & 0o777 != 0o444:
                    fail(f"versions/{version}/{path} has mode {info.st_mode & 0o777:o}, not read-only 444")
                if before and expected[before].get(path) == digest and inodes[before][path] != info.st_ino:
                    fail(f"versions/{version}/{path} is unchanged since {before} but not a hard link of it (a copy)")
                if before and path in expected[before] and expected[before][path] != digest \
                        and inodes[before][path] == info.st_ino:
                    fail(f"versions/{version}/{path} changed since {before} but has its inode")
                if info.st_ino in by_content.get(digest, ()):
                    if info.st_nlink < 2:
                        fail(f"versions/{version}/{path} shares an inode with {before} but has st_nlink {info.st_nlink}")
                    linked += 1
                elif digest in by_content:
                    fail(f"versions/{version}/{path}: its content is in {before} but it was copied, not linked")
                elif before and info.st_ino in set(inodes[before].values()):
                    fail(f"versions/{version}/{path} has the inode of another file of {before}")
            copied = len(expected[version]) - linked
            if (linked, copied) != reports[version]:
                fail(f"{version}: {linked} linked, {copied} copied; publish said {reports[version]}")
            counts.append(f"{version[:6]}: {linked}/{copied}")
        print(f"  hard links (linked/copied per version, as publish said): {', '.join(counts)}")

        # The same site again: nothing written.
        names = sorted(os.listdir(os.path.join(dest, "versions")))
        for rebuild in (False, True):
            if rebuild:
                backlab(root, "build", "--quiet")
            done = backlab(root, "publish", dest)
            if not done.stdout.startswith("unchanged:") or order[-1] not in done.stdout or done.stderr:
                fail(f"publishing the same site{' after an idle build' if rebuild else ''} did not say unchanged:\n"
                     f"{done.stdout}{done.stderr}")
            if sorted(os.listdir(os.path.join(dest, "versions"))) != names \
                    or os.readlink(os.path.join(dest, "current")) != f"versions/{order[-1]}":
                fail("publishing the same site changed versions/ or current")
        print("  the same site again (and after an idle build): unchanged, nothing written")

        # Rollbacks: the site of the version before, byte for byte, then the one before that.
        (oldest_id, oldest), (middle_id, middle), (newest_id, newest) = saved
        rollback(root, dest, newest_id, middle_id)
        same_bytes(current_tree(dest), middle, f"after the rollback to {middle_id}")
        rollback(root, dest, middle_id, oldest_id)
        same_bytes(current_tree(dest), oldest, f"after the second rollback, to {oldest_id}")
        print(f"  --rollback twice: current is {oldest_id}'s site byte for byte ({len(oldest)} files)")

        # --keep 3, from the rolled-back state: the last 3 of the publish history remain (the two
        # versions rolled back are not in it, and go), current among them.
        version, linked, copied, pruned = publish(root, dest, len(newest), oldest_id, "--keep", "3")
        before_id = order[-4]
        kept = [before_id, oldest_id, version]
        if pruned != order[:-4] + order[-2:]:
            fail(f"--keep 3 removed {pruned}; expected {order[:-4] + order[-2:]}")
        wanted = sorted(kept + [v + ".files" for v in kept])
        left = sorted(n for n in os.listdir(os.path.join(dest, "versions")))
        if left != wanted:
            fail(f"after --keep 3, versions/ holds {left}; expected {wanted}")
        expected[version], sizes[version] = expected[newest_id], sizes[newest_id]
        for v in kept:
            check_version(dest, v, expected[v], sizes[v])
        strays = [n for n in os.listdir(dest) if n not in ("current", "versions", ".backlab-publish-lock", ".backlab-history")]
        if strays:
            fail(f"DEST holds stray files after the publishes: {strays}")
        print(f"  --keep 3: {len(pruned)} versions removed (the two rolled back among them), {', '.join(kept)} kept, each "
              f"whole with its .files (the new one: {linked} linked from {oldest_id}, {copied} copied)")

        # Back through the history: the version before the new one is the one it replaced (not
        # the rolled-back ones), then the one before that, then one rollback too many.
        rollback(root, dest, version, oldest_id)
        same_bytes(current_tree(dest), oldest, f"after the rollback to {oldest_id}")
        rollback(root, dest, oldest_id, before_id)
        check_version(dest, before_id, expected[before_id], sizes[before_id])
        done = backlab(root, "publish", dest, "--rollback", code=1)
        if "error:" not in done.stderr or "oldest" not in done.stderr:
            fail(f"the rollback past the oldest kept version gave no clear error:\n{done.stdout}{done.stderr}")
        if os.readlink(os.path.join(dest, "current")) != f"versions/{before_id}":
            fail("the refused rollback moved current")
        print(f"  rollback through the history: {version} -> {oldest_id} -> {before_id}, then exit 1, current unmoved")

        print(f"publish_readers: passed ({ITERATIONS} publishes in {loop_seconds:.1f} s under {VISITORS} visitors "
              f"and a file reader: {len(readers.visits)} visits over {len(per_version)} versions, every one whole; "
              f"{time.perf_counter() - started:.1f} s in all)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
