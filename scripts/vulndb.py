#!/usr/bin/env python3
"""Build a govulncheck database (v1 layout) from the OSV files of the
golang.org/x/vulndb module, for machines that reach the Go module proxy but
not vuln.go.dev. Usage: vulndb.py OSV_DIR OUT_DIR [MODIFIED] (see
scripts/govulncheck.sh).

The layout is what vuln.go.dev serves: index/db.json ({"modified"}),
index/modules.json (per module, each vulnerability once, with the latest
fix that no later range supersedes, as golang.org/x/vuln's
semver.NonSupersededFix computes it: govulncheck fetches an entry only when
the module's version is below it, or when it is empty) and ID/<id>.json."""
import glob
import json
import os
import re
import sys


def parse(v):
    """A SEMVER version of OSV ("1.26.9", "0.60.0", "1.27.0-0") as a sort key."""
    m = re.fullmatch(r"v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?", v)
    if not m:
        raise ValueError("not a semantic version: %r" % v)
    core = tuple(int(x or 0) for x in m.group(1, 2, 3))
    pre = m.group(4)
    if pre is None:
        return core + ((1,),)  # a release sorts after its prereleases
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return core + ((0,) + ids,)


def less(a, b):
    """semver.Less of golang.org/x/vuln: "" is below every version."""
    if a == "":
        return b != ""
    if b == "":
        return False
    return parse(a) < parse(b)


def non_superseded_fix(ranges):
    """golang.org/x/vuln internal/semver.NonSupersededFix."""
    latest = ""
    for r in ranges:
        if r.get("type") != "SEMVER":
            continue
        for e in r.get("events", []):
            f = e.get("fixed", "")
            if f and less(latest, f):
                latest = f
        for e in r.get("events", []):
            i = e.get("introduced", "")
            if i and i != "0" and less(latest, i):
                latest = ""
                break
    return latest


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "ID"), exist_ok=True)
    os.makedirs(os.path.join(out, "index"), exist_ok=True)
    mods = {}  # module path -> {id -> {"id", "modified", "fixed"}}
    vulns = []
    latest = ""
    for f in sorted(glob.glob(os.path.join(src, "*.json"))):
        with open(f) as fh:
            e = json.load(fh)
        vid, mod = e["id"], e.get("modified", "")
        latest = max(latest, mod)
        with open(os.path.join(out, "ID", vid + ".json"), "w") as fh:
            json.dump(e, fh)
        vulns.append({"id": vid, "modified": mod, "aliases": e.get("aliases", [])})
        for a in e.get("affected", []):
            path = a["package"]["name"]
            fixed = non_superseded_fix(a.get("ranges", []))
            byid = mods.setdefault(path, {})
            v = byid.get(vid)
            if v is None:
                byid[vid] = {"id": vid, "modified": mod, "fixed": fixed}
            elif v["fixed"] and (fixed == "" or less(v["fixed"], fixed)):
                # Several entries for one module (stdlib's net/http and its
                # internal http2, say): the entry is fetched below the
                # latest of their fixes, always if one has none.
                v["fixed"] = fixed
    modules = []
    for path in sorted(mods):
        vs = []
        for v in mods[path].values():
            if not v["fixed"]:
                del v["fixed"]
            vs.append(v)
        modules.append({"path": path, "vulns": vs})
    with open(os.path.join(out, "index", "db.json"), "w") as fh:
        json.dump({"modified": sys.argv[3] if len(sys.argv) > 3 else latest}, fh)
    with open(os.path.join(out, "index", "modules.json"), "w") as fh:
        json.dump(modules, fh)
    with open(os.path.join(out, "index", "vulns.json"), "w") as fh:
        json.dump(vulns, fh)
    print(len(vulns), "entries,", len(modules), "modules")


if __name__ == "__main__":
    main()
