"""axe-core in the browser journeys: inject it, run it, and describe what it finds.

axe-core comes from npm (node_modules/axe-core/axe.min.js, a devDependency in package.json), so the
checks run offline. The browser context is opened with `bypass_csp=True`, because the public pages'
Content-Security-Policy (script-src 'self') would otherwise block the injected script.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Run every rule axe enables by default (WCAG 2.0-2.2 A and AA, plus axe's best practices), and return
# only the violations: passes and inapplicable rules would make the result large for nothing.
# Our copy is kept as window.__portalAxe, because a page may bring its own, differently configured axe
# (the Wagtail admin does, for its accessibility checker) and we must not run that one.
_RUN_AXE = """async () => {
    const results = await window.__portalAxe.run(document, {resultTypes: ["violations"]});
    return results.violations;
}"""


def _inject_our_axe(page: Page):
    """Run our axe-core's source and keep the object it makes, in one synchronous step.

    Adding it with a script tag and reading window.axe afterwards is racy on the Wagtail admin, whose
    own (older) axe-core can load in between and replace window.axe; inside one evaluate call nothing
    else can run, and the page's own window.axe is put back afterwards.
    """
    source = AXE_PATH.read_text(encoding="utf-8")
    return page.evaluate(
        "(source) => { const theirs = window.axe; (0, eval)(source); window.__portalAxe = window.axe;"
        " if (theirs) { window.axe = theirs; } return window.__portalAxe ? window.__portalAxe.version : null; }",
        source,
    )


def axe_violations(page: Page) -> list[dict]:
    """The axe-core violations on the page once it has loaded (injecting our axe-core first if needed)."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => Boolean(window.__portalAxe)"):
        version = _inject_our_axe(page)
        if version is None:
            raise AssertionError(
                f"axe-core did not start on {page.url}: is JavaScript off in this browser context "
                "(no_js_page)? Check accessibility on a page with JavaScript on."
            )
        assert version in AXE_PATH.read_text(encoding="utf-8")[:100], f"unexpected axe-core {version}"
    return page.evaluate(_RUN_AXE)


def describe_violations(violations: list[dict], *, where: str = "", max_nodes: int = 5) -> str:
    """A readable report: rule id, impact, what it means, and the target of each failing node."""
    lines = [f"{len(violations)} axe-core violation(s){' on ' + where if where else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation.get('help', '')}"
            f" [{violation.get('helpUrl', '')}]"
        )
        nodes = violation.get("nodes", [])
        for node in nodes[:max_nodes]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
            html = (node.get("html") or "").strip()
            if html:
                lines.append(f"       {html[:200]}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more node(s)")
    return "\n".join(lines)


def assert_no_violations(page: Page, *, where: str | None = None) -> None:
    """Fail with a readable report when axe-core finds any violation on the page."""
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, where=where or page.url)
