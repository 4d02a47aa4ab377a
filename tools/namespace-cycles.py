#!/usr/bin/env python3
"""List the namespace dependency cycles of the C# sources under src/.

A file depends on a namespace when it names a type declared there (comments and string literals are ignored, so a
type mentioned in prose does not count). Namespaces are nodes; a cycle is a strongly connected component with more
than one namespace. For each cycle the script prints the edges inside it with one file and type as evidence.

Usage: python3 tools/namespace-cycles.py [src]   (exit code 1 if there is a cycle)
"""
import os
import re
import sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else "src"
# Top-level declarations only (file-scoped namespaces put them at column 0): a nested record Report inside a command
# is not a type other namespaces can name on its own.
DECL = re.compile(r"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|ref|file)\s+)*"
                  r"(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)", re.M)
NAMESPACE = re.compile(r"^\s*namespace\s+([\w.]+)", re.M)
# A dotted chain not reached through a member access: its first name is a type use (x.Report is a member, not the
# type Report); after namespace names (Reduced.PairModel, Bifurcations.Model.NetworkParameters) the first other name is.
CHAIN = re.compile(r"(?:\b(\w+)[?\]>]?\s+)?(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(\s*\()?")
KEYWORDS = set("""new is as return in out ref params static readonly const public private internal protected sealed
abstract override virtual await typeof nameof case throw yield else using where select from let join on equals by
class record struct interface enum namespace base this default sizeof stackalloc checked unchecked when and or not
with extern unsafe fixed lock goto do""".split())
MEMBER_DECL = re.compile(r"\b[A-Z]\w*(?:<[^<>]*>)?[?\[\]]*\s+([A-Z]\w*)\s*(?=[,)=;{]|=>)")
ANY_DECL = re.compile(r"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")


def type_uses(code, namespace_names):
    for before, chain, call in CHAIN.findall(code):
        # "double N" or "(SplitReport Report, ...)": a capitalised name after a type is a declared name, not a type.
        if before and before not in KEYWORDS:
            continue
        new = before == "new"
        parts = chain.split(".")
        for i, part in enumerate(parts):
            if part in namespace_names:
                continue
            # Check(x) is a method call; new Check(x) and Check.Of(x) name the type.
            if part[:1].isupper() and not (call and i == len(parts) - 1 and not new):
                yield part
            break


def strip(code: str) -> str:
    """Code without comments and string literals (verbatim, interpolated and raw strings are blanked roughly)."""
    code = re.sub(r"//[^\n]*", "", code)
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    code = re.sub(r'"""(.*?)"""', '""', code, flags=re.S)
    code = re.sub(r'@"(?:[^"]|"")*"', '""', code)
    # An interpolated string keeps its holes: {Type.Member} inside $"..." is a real use.
    def interp(m):
        return " ".join(re.findall(r"\{([^{}]*)\}", m.group(0)))
    code = re.sub(r'\$"(?:[^"\\\n]|\\.)*"', interp, code)
    code = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', code)
    code = re.sub(r"'(?:[^'\\\n]|\\.)'", "''", code)
    # An enum's members are declarations, not uses of types that share their names (SpecialPointKind.BranchPoint).
    code = re.sub(r"(\benum\s+\w+[^{]*)\{[^}]*\}", r"\1{}", code)
    return code


files = []
for d, _, names in os.walk(root):
    if "/bin" in d or "/obj" in d:
        continue
    files += [os.path.join(d, n) for n in names if n.endswith(".cs")]

declared = defaultdict(set)  # type name -> namespaces declaring it
source = {}
for f in sorted(files):
    code = strip(open(f, encoding="utf-8").read())
    m = NAMESPACE.search(code)
    ns = m.group(1) if m else "(global)"
    source[f] = (ns, code)
    for t in DECL.findall(code):
        declared[t].add(ns)

namespace_names = {part for ns, _ in source.values() for part in ns.split(".")}
edges = defaultdict(dict)  # ns -> {ns2: (file, type)}
for f, (ns, code) in source.items():
    # Names declared in the file itself shadow the same names elsewhere: nested types, and properties or parameters
    # ("SplitReport Report" makes a later "Report" the property, not the type Validation.Report).
    members = set(MEMBER_DECL.findall(code))
    used = set(type_uses(code, namespace_names)) - set(ANY_DECL.findall(code)) - members
    for t in used:
        for target in declared.get(t, ()):
            # A name declared in the file's own namespace shadows the same name elsewhere.
            if target == ns or ns in declared[t]:
                continue
            edges[ns].setdefault(target, (f, t))

# Tarjan's strongly connected components.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
nodes = sorted(set(edges) | {b for a in edges for b in edges[a]})


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
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
        sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in nodes:
    if v not in index:
        visit(v)

cycles = [c for c in sccs if len(c) > 1]
print(f"{len(nodes)} namespaces, {sum(len(e) for e in edges.values())} dependencies between them")
if not cycles:
    print("no namespace cycles")
    sys.exit(0)
for c in cycles:
    print(f"cycle: {' <-> '.join(c)}")
    for a in c:
        for b, (f, t) in sorted(edges[a].items()):
            if b in c:
                print(f"  {a} -> {b}  ({os.path.relpath(f)} uses {t})")
sys.exit(1)
