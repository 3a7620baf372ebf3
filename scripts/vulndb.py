#!/usr/bin/env python3
"""Build a govulncheck database (v1 layout) from the OSV files of the
golang.org/x/vulndb module, for machines that reach the Go module proxy but
not vuln.go.dev. Usage: vulndb.py OSV_DIR OUT_DIR (see scripts/govulncheck.sh)."""
import json, glob, os, sys
src = sys.argv[1]; out = sys.argv[2]
os.makedirs(out + "/ID", exist_ok=True); os.makedirs(out + "/index", exist_ok=True)
mods = {}; vulns = []; latest = ""
for f in sorted(glob.glob(src + "/*.json")):
    e = json.load(open(f))
    vid = e["id"]; mod = e.get("modified", "")
    latest = max(latest, mod)
    json.dump(e, open(f"{out}/ID/{vid}.json", "w"))
    vulns.append({"id": vid, "modified": mod, "aliases": e.get("aliases", [])})
    for a in e.get("affected", []):
        path = a["package"]["name"]
        fixed = ""
        for r in a.get("ranges", []):
            for ev in r.get("events", []):
                if "fixed" in ev: fixed = ev["fixed"]
        m = mods.setdefault(path, {"path": path, "vulns": []})
        v = {"id": vid, "modified": mod}
        if fixed: v["fixed"] = fixed
        m["vulns"].append(v)
json.dump({"modified": sys.argv[3] if len(sys.argv) > 3 else "2026-01-01T00:00:00Z"}, open(out + "/index/db.json", "w"))
json.dump(list(mods.values()), open(out + "/index/modules.json", "w"))
json.dump(vulns, open(out + "/index/vulns.json", "w"))
print(len(vulns), "entries,", len(mods), "modules")
