#!/usr/bin/env python3
"""Groups a wasm file's function bodies by the crate they are named after and
prints, per group, the count, the raw bytes and the gzip -9 bytes of the group
compressed on its own (an upper bound: in the real file groups also compress
against each other). Needs a build that keeps names (docs/size.md, "How to
measure"): python3 scripts/wasm-groups.py /tmp/sz/opt-g.wasm"""
import collections
import gzip
import re
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def skip_limits(b, j):
    flags = b[j]
    _, j = leb(b, j + 1)
    return leb(b, j)[1] if flags & 1 else j


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, i = leb(b, i + 1)
        yield sid, i, size
        i += size


def parse(b):
    imported, bodies, names, datas = 0, [], {}, []
    for sid, off, size in sections(b):
        if sid == 2:  # imports: count the imported functions (they take the first indices)
            n, j = leb(b, off)
            for _ in range(n):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j = skip_limits(b, j + 1)
                elif kind == 2:
                    j = skip_limits(b, j)
                elif kind == 3:
                    j += 2
                else:
                    _, j = leb(b, j + 1)
        elif sid == 10:  # code
            n, j = leb(b, off)
            for _ in range(n):
                ln, j = leb(b, j)
                bodies.append(b[j : j + ln])
                j += ln
        elif sid == 11:  # data
            n, j = leb(b, off)
            for _ in range(n):
                flags, j = leb(b, j)
                if flags == 2:
                    _, j = leb(b, j)
                if flags in (0, 2):
                    while b[j] != 0x0B:  # the offset expression ends with `end`
                        j += 1
                    j += 1
                ln, j = leb(b, j)
                datas.append(b[j : j + ln])
                j += ln
        elif sid == 0:  # the "name" custom section, subsection 1: function names
            ln, j = leb(b, off)
            if b[j : j + ln] != b"name":
                continue
            j += ln
            while j < off + size:
                sub = b[j]
                ssz, j = leb(b, j + 1)
                if sub == 1:
                    n, k = leb(b, j)
                    for _ in range(n):
                        idx, k = leb(b, k)
                        ln, k = leb(b, k)
                        names[idx] = b[k : k + ln].decode("utf8", "replace")
                        k += ln
                j += ssz
    return imported, bodies, names, datas


def group(name):
    if re.search(r"btree", name, re.I):
        return "BTreeMap/BTreeSet"
    if "serde" in name and "Deserial" in name:
        return "serde Deserialize"
    if "serde_yaml" in name or "libyaml" in name:
        return "YAML"
    m = re.match(r"^<?\s*(?:&|\*const |\*mut |dyn )?([A-Za-z_][A-Za-z0-9_]*)", name)
    crate = m.group(1) if m else "other"
    if name.startswith("<"):
        m = re.search(r" for (?:&|\*const |\*mut )?(sim|stsplay_app)::", name)
        crate = m.group(1) if m else crate
    if crate in ("tachys", "reactive_graph", "leptos", "leptos_dom") or (
        crate == "T" and ("tachys" in name or "reactive_graph" in name)
    ):
        return "Leptos"
    return "core/alloc" if crate in ("core", "alloc", "std") else crate


def main():
    b = open(sys.argv[1], "rb").read()
    imported, bodies, names, datas = parse(b)
    groups = collections.defaultdict(list)
    for i, body in enumerate(bodies):
        groups[group(names.get(i + imported, "?"))].append(body)
    groups["data segments"] = datas
    rows = [(k, len(v), sum(map(len, v)), len(gzip.compress(b"".join(v), 9))) for k, v in groups.items()]
    print(f"{'group':<20}{'count':>7}{'raw':>10}{'gzip alone':>12}")
    for k, count, raw, gz in sorted(rows, key=lambda r: -r[3])[:20]:
        print(f"{k:<20}{count:>7}{raw:>10}{gz:>12}")


if __name__ == "__main__":
    main()
