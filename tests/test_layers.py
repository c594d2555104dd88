"""The house's rules, read from the code: llmtwin's import graph (ast, every import, at the top or inside a function) has no
circles, the platform imports no pipeline, and a pipeline imports only the platform and the pipelines upstream of it."""
import ast
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parent.parent/'llmtwin'
# Floors, lowest first: a module may import its own floor (no circles) and the floors below it, never one above.
FLOORS = ['platform', 'data', 'features', 'training', 'inference', 'evaluation', 'stages', 'entry']
ENTRY = {'cli', 'doctor', 'testing'}  # the entry points assemble everything: the CLI, the machine check, the test fixtures

def floor_of(mod:str)->str:
    "The floor of a module named as in `llmtwin.data.warehouse`"
    parts = mod.split('.')[1:]
    if not parts: return 'platform'  # the package's face
    if parts[0] in FLOORS: return parts[0]
    return 'entry' if parts[0] in ENTRY else 'platform'

def module_name(f:Path, pkg:Path=PKG)->str:
    parts = list(f.relative_to(pkg.parent).with_suffix('').parts)
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)

def _target(node:ast.ImportFrom, mod:str, is_pkg:bool)->str:
    if not node.level: return node.module or ''
    base = mod.split('.') if is_pkg else mod.split('.')[:-1]
    base = base[:len(base) - node.level + 1]
    return '.'.join(base + ([node.module] if node.module else []))

def imports(pkg:Path=PKG)->dict[str, dict[str, int]]:
    "Module -> {llmtwin module it imports: line}, every import statement included"
    mods = {module_name(f, pkg): f for f in pkg.rglob('*.py') if f.name != '_modidx.py'}
    out = {}
    for mod, f in mods.items():
        deps = {}
        for n in ast.walk(ast.parse(f.read_text(), str(f))):
            if isinstance(n, ast.ImportFrom):
                t = _target(n, mod, f.name == '__init__.py')
                for a in n.names:  # `from llmtwin.data import warehouse` imports a module, `from .core import x` a name
                    d = f'{t}.{a.name}' if f'{t}.{a.name}' in mods else t
                    if d.split('.')[0] == pkg.name and d != mod: deps.setdefault(d, n.lineno)
            elif isinstance(n, ast.Import):
                for a in n.names:
                    if a.name.split('.')[0] == pkg.name and a.name != mod: deps.setdefault(a.name, n.lineno)
        out[mod] = deps
    return out

def circles(g:dict[str, dict])->list[list[str]]:
    "The import circles of `g` (Tarjan's strongly connected components of more than one module)"
    index, low, stack, on, out, i = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in g.get(v, {}):
            if w not in g: continue
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop(); on.discard(w); c.append(w)
                if w == v: break
            if len(c) > 1: out.append(sorted(c))
    for v in sorted(g):
        if v not in index: visit(v)
    return out

def wrong_way(g:dict[str, dict], pkg:Path=PKG)->list[str]:
    "Every import that goes up a floor (or across to a pipeline of the same height), as `file:line: a -> b`"
    bad = []
    for a, deps in sorted(g.items()):
        for b, line in sorted(deps.items()):
            fa, fb = FLOORS.index(floor_of(a)), FLOORS.index(floor_of(b))
            if fb > fa:
                f = pkg.parent/(a.replace('.', '/') + ('/__init__.py' if (pkg.parent/a.replace('.', '/')).is_dir() else '.py'))
                bad.append(f'{f.relative_to(pkg.parent)}:{line}: {a} ({floor_of(a)}) imports {b} ({floor_of(b)})')
    return bad

def test_no_import_circles():
    cs = circles(imports())
    assert not cs, 'import circles:\n' + '\n'.join(' -> '.join(c) for c in cs)

def test_imports_go_down_the_floors():
    bad = wrong_way(imports())
    assert not bad, 'imports against the layers (platform < data < features < training < inference < evaluation < stages < entry):\n' + '\n'.join(bad)

def test_every_stage_is_declared_in_stages():
    from llmtwin.stage import all_stages
    for name, st in all_stages().items(): assert st.run.__module__ == f'llmtwin.stages.{name}', (name, st.run.__module__)

def test_the_checks_catch_what_they_guard(tmp_path):
    "A toy package with a circle and an upward import: both checks fail on it, naming the files"
    pkg = tmp_path/'llmtwin'
    for d in ('', 'data', 'features'): (pkg/d).mkdir(exist_ok=True); (pkg/d/'__init__.py').write_text('')
    (pkg/'core.py').write_text('from .data.warehouse import x\n')  # the platform importing a pipeline
    (pkg/'data'/'warehouse.py').write_text('x = 1\nfrom ..features import chunk\n')  # data importing features, above it
    (pkg/'features'/'chunk.py').write_text('def f():\n    from llmtwin.data.warehouse import x\n')  # inside a function: still an import
    g = imports(pkg)
    test = sorted(map(sorted, circles(g)))
    assert test == [['llmtwin.data.warehouse', 'llmtwin.features.chunk']], test
    bad = wrong_way(g, pkg)
    assert any(b.startswith('llmtwin/core.py:1:') for b in bad) and any(b.startswith('llmtwin/data/warehouse.py:2:') for b in bad), bad
