"""Which of our apps may import which (issue 12): every import between our apps goes down.

The layers, top to bottom, read from the source with ``ast`` (every ``.py`` file of our apps but their
migrations; an import inside a function counts as much as one at the top of a module)::

    portal          the project: settings, URLs, views, middleware, management commands (seed_demo,
                    run_scheduler), the API, allauth's adapter, review reminders. May import any app.
    pathways        may import enquiries (the plan email goes through its outbox), cms, portal.base,
                    portal.demo
    enquiries       may import cms, portal.base, portal.demo
    casestudies     may import cms, portal.base, portal.demo
    portal.demo     portal.demo_data, the one loader of the demo's data files that each app's demo
                    uses. May import cms (its blocks and factories) and portal.base.
    cms             the base content app: may import only portal.base.
    portal.base     portal's modules that every app may use (PORTAL_BASE): forms, exports (csv_safe),
                    choosers, staff_access, storage, privacy (the personal-data registry, which each app's
                    privacy.py fills) and models. Imports no app of ours.

``ALLOWED`` below is the rule, component by component.

How something reaches upwards without an import: a registry that the app above fills in its
AppConfig.ready() (cms/registry.py: site search's page types, filled by casestudies), a template tag
that a project template loads (templates/ is the project's: the home page loads casestudies'
``featured_case_studies``), a Wagtail hook, a signal, or discovery by module name (portal.privacy's
``load()`` imports each app's ``privacy`` module). Strings that name a model ("casestudies.CaseStudyPage"
in subpage_types, ``apps.get_model``) are not imports; ``importlib.import_module("…")`` and
``import_string("…")`` with a literal are, and are checked.

The cycle checks: no two apps' modules import each other round a loop (even through imports inside
functions), and no loop of module-level imports at all (it breaks depending on which module is imported
first). tests/, benchmarks/ and migrations are not checked: they may use every app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

#: Our apps, each a top-level package of the project.
APPS = ("portal", "cms", "casestudies", "enquiries", "pathways")

#: portal's modules that every app may import (portal's other modules are the project, at the top).
PORTAL_BASE = frozenset(
    {
        "portal",  # the package itself (empty); importing any portal module runs it
        "portal.forms",
        "portal.exports",
        "portal.choosers",
        "portal.staff_access",
        "portal.privacy",
        "portal.models",
        "portal.storage",  # the buckets or folders, and the checked answer for a private file
    }
)
#: portal's modules that the apps' demos import.
PORTAL_DEMO = frozenset({"portal.demo_data"})

#: What each component may import besides itself.
ALLOWED: dict[str, frozenset[str]] = {
    "portal.base": frozenset(),
    "cms": frozenset({"portal.base"}),
    "portal.demo": frozenset({"cms", "portal.base"}),
    "casestudies": frozenset({"cms", "portal.base", "portal.demo"}),
    "enquiries": frozenset({"cms", "portal.base", "portal.demo"}),
    "pathways": frozenset({"cms", "enquiries", "portal.base", "portal.demo"}),
    "portal": frozenset({"cms", "casestudies", "enquiries", "pathways", "portal.base", "portal.demo"}),
}

#: Calls that import the module named by their first argument.
IMPORTING_CALLS = {"import_module", "import_string", "__import__"}


@dataclass(frozen=True)
class Import:
    importer: str  # module doing the importing, e.g. "cms.models"
    path: str  # its file, relative to the project
    line: int
    target: str  # our module it imports, e.g. "casestudies.models"
    written: str  # as written, e.g. "casestudies.models.CaseStudyPage"
    module_level: bool  # runs when the importer is imported (not inside a function or TYPE_CHECKING)


def component(module: str) -> str:
    app = module.split(".")[0]
    if module == "portal":
        return "portal.base"
    if app == "portal":
        for name, members in (("portal.base", PORTAL_BASE - {"portal"}), ("portal.demo", PORTAL_DEMO)):
            if any(module == m or module.startswith(f"{m}.") for m in members):
                return name
    return app


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_sources() -> dict[str, tuple[str, str]]:
    """Every module of our apps but migrations: name -> (path relative to the project, source)."""
    sources = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            sources[module_name(path)] = (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
    return sources


def resolve(name: str, known: Iterable[str]) -> str | None:
    """The module of ours that ``name`` (a module, or a name inside one) is in, or None if not ours."""
    known = set(known)
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _ImportFinder(ast.NodeVisitor):
    """The imports in one module: (line, name as written, whether it runs when the module is imported)."""

    def __init__(self, module: str, is_package: bool):
        self.package = module if is_package else module.rpartition(".")[0]
        self.deferred = 0  # > 0 inside a function body or an `if TYPE_CHECKING:` block
        self.found: list[tuple[int, str, bool]] = []

    def _add(self, node: ast.stmt | ast.expr, name: str) -> None:
        self.found.append((node.lineno, name, self.deferred == 0))

    def _visit_deferred(self, nodes: Iterable[ast.AST]) -> None:
        self.deferred += 1
        for node in nodes:
            self.visit(node)
        self.deferred -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self._visit_deferred(ast.iter_child_nodes(node))

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        self._visit_deferred(node.body)
        for child in node.orelse:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.package.split(".")
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        for alias in node.names:
            self._add(node, f"{base}.{alias.name}")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0] if node.args else None
        if called in IMPORTING_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            self._add(node, first.value)
        self.generic_visit(node)


def find_imports(sources: Mapping[str, tuple[str, str]]) -> list[Import]:
    """Every import of one of our modules by another of ours, in ``sources`` (as our_sources())."""
    found = []
    for module, (path, source) in sources.items():
        finder = _ImportFinder(module, is_package=path.endswith("__init__.py"))
        finder.visit(ast.parse(source, filename=path))
        for line, written, module_level in finder.found:
            target = resolve(written, sources)
            if target is not None and target != module:
                found.append(Import(module, path, line, target, written, module_level))
    return found


def _describe(name: str) -> str:
    allowed = sorted(ALLOWED[name])
    if not allowed:
        return f"{name} imports no other app of ours"
    described = {
        "portal.base": f"portal's base modules ({', '.join(sorted(PORTAL_BASE - {'portal'}))})",
        "portal.demo": f"portal's demo loader ({', '.join(sorted(PORTAL_DEMO))})",
    }
    names = [described.get(a, a) for a in allowed]
    return f"{name} may import only {', '.join(names)}"


def layering_problems(imports: Iterable[Import]) -> list[str]:
    """One line per import that goes against ALLOWED: where it is, what it imports, the rule it breaks."""
    problems = []
    for imp in imports:
        source, target = component(imp.importer), component(imp.target)
        if source == target or target in ALLOWED[source]:
            continue
        problems.append(
            f"{imp.path}:{imp.line}: {imp.importer} ({source}) imports {imp.written} ({target}): "
            f"{_describe(source)}. Move the code to the layer it belongs to, or turn the dependency round "
            "(a registry filled in ready(), a template tag, a hook or a signal)."
        )
    return problems


def strongly_connected(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another round a loop (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def import_cycles(imports: list[Import], *, module_level_only: bool, across_apps_only: bool) -> list[str]:
    """One line per loop of imports: its modules, and the imports that close it (file:line)."""
    chosen = [imp for imp in imports if imp.module_level or not module_level_only]
    edges: dict[str, set[str]] = {}
    for imp in chosen:
        edges.setdefault(imp.importer, set()).add(imp.target)
    problems = []
    for group in strongly_connected(edges):
        members = set(group)
        if across_apps_only and len({component(m) for m in group}) < 2:
            continue
        closing = {
            (imp.path, imp.line, imp.importer, imp.target)
            for imp in chosen
            if imp.importer in members and imp.target in members
        }
        inside = [f"{path}:{line} {importer} -> {target}" for path, line, importer, target in sorted(closing)]
        problems.append(f"{', '.join(group)} import one another round a loop:\n    " + "\n    ".join(inside))
    return sorted(problems)


# --------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------


def test_the_allowed_directions_have_no_loop():
    """ALLOWED itself must go down: a topological order of the components exists."""
    remaining = {name: set(allowed) for name, allowed in ALLOWED.items()}
    assert all(target in ALLOWED for allowed in remaining.values() for target in allowed)
    while remaining:
        bottom = [name for name, allowed in remaining.items() if not allowed]
        assert bottom, f"ALLOWED has a loop among {sorted(remaining)}"
        for name in bottom:
            del remaining[name]
        for allowed in remaining.values():
            allowed.difference_update(bottom)


def test_every_app_of_ours_is_checked():
    """A new app in the project is given its place in ALLOWED (and APPS) before it imports anything."""
    ours = {config.name for config in apps.get_app_configs() if Path(config.path).resolve().parent == ROOT}
    assert ours == set(APPS)
    assert set(APPS) | {"portal.base", "portal.demo"} == set(ALLOWED)
    sources = our_sources()
    assert PORTAL_BASE | PORTAL_DEMO <= set(sources), (
        f"not modules: {sorted(PORTAL_BASE | PORTAL_DEMO - set(sources))}"
    )


def test_imports_between_our_apps_go_in_the_allowed_directions():
    problems = layering_problems(find_imports(our_sources()))
    assert not problems, "Imports against the layering (tests/test_layering.py):\n" + "\n".join(problems)


def test_no_loop_of_imports_between_two_apps():
    """Even through imports inside functions: a loop between apps means neither is below the other."""
    problems = import_cycles(find_imports(our_sources()), module_level_only=False, across_apps_only=True)
    assert not problems, "\n".join(problems)


def test_no_loop_of_module_level_imports():
    """A loop of module-level imports works or fails depending on which module is imported first."""
    problems = import_cycles(find_imports(our_sources()), module_level_only=True, across_apps_only=False)
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_are_for():
    """A check of the check: made-up modules with a wrong import, a loop between apps, a lazy one."""
    sources = {
        "cms": ("cms/__init__.py", ""),
        "cms.models": ("cms/models.py", "def f():\n    from casestudies.models import CaseStudyPage\n"),
        "cms.views": ("cms/views.py", "from importlib import import_module\nimport_module('portal.urls')\n"),
        "cms.types": ("cms/types.py", "if TYPE_CHECKING:\n    from enquiries import models\n"),
        "casestudies": ("casestudies/__init__.py", ""),
        "casestudies.models": ("casestudies/models.py", "from cms.models import Nation\n"),
        "enquiries": ("enquiries/__init__.py", ""),
        "enquiries.models": ("enquiries/models.py", "from . import views\n"),
        "enquiries.views": (
            "enquiries/views.py",
            "from .models import Enquiry\nfrom portal.forms import F\n",
        ),
        "portal": ("portal/__init__.py", ""),
        "portal.forms": ("portal/forms.py", "def f():\n    from portal.urls import urlpatterns\n"),
        "portal.urls": ("portal/urls.py", "from enquiries.views import enquiry_form\n"),
    }
    imports = find_imports(sources)

    problems = layering_problems(imports)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "cms/models.py:2",
        "cms/views.py:2",
        "cms/types.py:2",
        "portal/forms.py:2",
    ]
    assert "cms.models (cms) imports casestudies.models.CaseStudyPage (casestudies)" in problems[0]
    assert "cms may import only portal's base modules" in problems[0]
    assert "portal.base imports no other app of ours" in problems[3]

    across = import_cycles(imports, module_level_only=False, across_apps_only=True)
    assert [line.split(" import ")[0] for line in across] == [
        "casestudies.models, cms.models",
        "enquiries.models, enquiries.views, portal.forms, portal.urls",
    ]
    assert "cms/models.py:2 cms.models -> casestudies.models" in across[0]

    module_level = import_cycles(imports, module_level_only=True, across_apps_only=False)
    assert module_level == [
        "enquiries.models, enquiries.views import one another round a loop:\n"
        "    enquiries/models.py:1 enquiries.models -> enquiries.views\n"
        "    enquiries/views.py:1 enquiries.views -> enquiries.models"
    ]
