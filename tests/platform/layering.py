#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""layering.py OBJDIR: the call and include graphs of kmod/, and a check that they have no circle.

OBJDIR is a built kmod/ directory (modbuild.sh TARGET prints its parent): its .o files and the
sources next to them. An edge a.c -> b.c is a symbol that a.o uses and b.o defines (a call, or a
reference to data); an edge a.h -> b.h is an #include. The one kind of reference that may point
back up is a category table (struct wsk_category, named wsk_*_category): the generic code
reaches a category's code through it, and the category's code calls the generic code.

Prints both graphs, one line per file, and each circle found; exits 1 if there is one.
"""

import os
import re
import subprocess
import sys

OPS_TABLE = re.compile(r"^wsk_[a-z]+_category$")


def nm(path, *flags):
    out = subprocess.run(["nm", *flags, path], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()


def call_graph(objdir):
    objs = sorted(f for f in os.listdir(objdir)
                  if f.endswith(".o") and not f.endswith(".mod.o") and
                  os.path.exists(os.path.join(objdir, f[:-2] + ".c")))
    if not objs:
        sys.exit(f"layering: no objects in {objdir}")
    owner = {}
    for o in objs:
        for line in nm(os.path.join(objdir, o), "--defined-only"):
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDRBG":
                owner[parts[2]] = o[:-2] + ".c"
    edges = {o[:-2] + ".c": {} for o in objs}
    for o in objs:
        src = o[:-2] + ".c"
        for line in nm(os.path.join(objdir, o), "-u"):
            sym = line.split()[-1]
            dst = owner.get(sym)
            if dst and dst != src and not OPS_TABLE.match(sym):
                edges[src].setdefault(dst, []).append(sym)
    return edges


def include_graph(objdir):
    inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    edges = {}
    for f in sorted(os.listdir(objdir)):
        if not f.endswith(".h"):
            continue
        edges[f] = {}
        with open(os.path.join(objdir, f), encoding="utf-8") as fh:
            for line in fh:
                m = inc.match(line)
                if m and os.path.exists(os.path.join(objdir, m.group(1))):
                    edges[f][m.group(1)] = []
    return edges


def circles(edges):
    """Tarjan's strongly connected components of more than one node, or with a self edge."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def show(title, edges):
    print(f"{title}:")
    for v in sorted(edges):
        print(f"  {v:<12} -> {' '.join(sorted(edges[v])) or '(nothing)'}")


def selftest():
    """The detector itself must find a circle where there is one, and none in a chain."""
    ring = {"a.c": {"b.c": []}, "b.c": {"c.c": []}, "c.c": {"a.c": []}, "d.c": {"a.c": []}}
    chain = {"a.c": {"b.c": []}, "b.c": {"c.c": []}, "c.c": {}, "d.c": {"a.c": [], "c.c": []}}
    if circles(ring) != [["a.c", "b.c", "c.c"]] or circles(chain):
        sys.exit("layering: the circle detector is broken")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: layering.py OBJDIR")
    selftest()
    objdir = sys.argv[1]
    bad = 0
    for title, edges in (("calls (through the category tables excepted)", call_graph(objdir)),
                         ("includes", include_graph(objdir))):
        show(title, edges)
        for comp in circles(edges):
            bad += 1
            print(f"circle: {' '.join(comp)}")
            for v in comp:
                for w in sorted(set(edges[v]) & set(comp)):
                    syms = edges[v][w]
                    why = f" ({', '.join(sorted(set(syms))[:6])})" if syms else ""
                    print(f"    {v} -> {w}{why}")
    if bad:
        print(f"layering: {bad} circle(s)")
        return 1
    print("layering: no circle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
