"""axe-core in the browser journeys: inject it, run it, and describe what it finds.

axe-core comes from npm (node_modules/axe-core/axe.min.js, a devDependency in package.json), so the
checks run offline. The browser context is opened with `bypass_csp=True`, because the public pages'
Content-Security-Policy (script-src 'self') would otherwise block the injected script.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Run every rule axe enables by default (WCAG 2.0-2.2 A and AA, plus axe's best practices), and return
# only the violations: passes and inapplicable rules would make the result large for nothing.
# Our copy is kept as window.__portalAxe, because a page may bring its own, differently configured axe
# (the Wagtail admin does, for its accessibility checker) and we must not run that one.
_RUN_AXE = """async () => {
    const results = await window.__portalAxe.run(document, {resultTypes: ["violations"]});
    return results.violations;
}"""


# axe-core checks the page as it is drawn at the moment it runs. Half way through a fade (Wagtail's
# messages fade in as the page's script starts) text is paler than it will be, and the check would pass
# or fail with the timing. So in the browser tests nothing moves: transitions and CSS animations are
# switched off (a running transition is cancelled and jumps to its end), and axe waits until the page
# has reached its final state. The colours checked are the ones people are left looking at.
STILL_STYLE_ID = "portal-tests-no-motion"
STILL_CSS = (
    "*, *::before, *::after { transition: none !important; animation: none !important;"
    " scroll-behavior: auto !important; }"
)
_HOLD_STILL = f"""() => {{
    if (document.getElementById("{STILL_STYLE_ID}")) {{ return; }}
    const style = document.createElement("style");
    style.id = "{STILL_STYLE_ID}";
    style.textContent = "{STILL_CSS}";
    (document.head || document.documentElement).appendChild(style);
}}"""
# Also as an init script, so that every document of a browser context is still from its first frame:
# it runs before the page's own scripts, when the document may have no element yet.
_HOLD_STILL_FROM_THE_START = f"""(() => {{
    const holdStill = {_HOLD_STILL};
    if (document.documentElement) {{ holdStill(); }}
    else {{ document.addEventListener("readystatechange", holdStill, {{once: true}}); }}
}})();"""
# The final state: the document has loaded; Wagtail's w-init controller has added its "ready" classes
# (body.ready is what shows the messages; it removes its data-w-init-ready-class attribute when done);
# and no animation that will end (Web Animations started by scripts, which CSS cannot switch off) is
# still running. Endless ones (a spinner) are left alone: they have no final state to wait for.
_SETTLED = """() => document.readyState === "complete"
    && !document.querySelector("[data-w-init-ready-class]")
    && document.getAnimations().every(animation => animation.playState !== "running"
        || !Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Infinity))"""
_STILL_RUNNING = """() => document.getAnimations()
    .filter(animation => animation.playState === "running")
    .map(animation => `${animation.constructor.name} ${animation.animationName || animation.transitionProperty
        || animation.id || ""} on ${animation.effect?.target?.tagName?.toLowerCase() || "?"}`)"""
SETTLE_TIMEOUT_MS = 10_000


def hold_still_in(context: BrowserContext) -> None:
    """Switch transitions and CSS animations off in every page this browser context opens."""
    context.add_init_script(_HOLD_STILL_FROM_THE_START)


def wait_until_settled(page: Page) -> Page:
    """Switch motion off on this page (if the context did not already) and wait for its final state."""
    page.wait_for_load_state("load")
    page.evaluate(_HOLD_STILL)
    try:
        page.wait_for_function(_SETTLED, timeout=SETTLE_TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        running = page.evaluate(_STILL_RUNNING)
        raise AssertionError(
            f"{page.url} did not settle within {SETTLE_TIMEOUT_MS / 1000:g} s, so axe-core cannot check"
            f" its final state (ready state {page.evaluate('document.readyState')!r}; still running:"
            f" {running or 'nothing'})"
        ) from error
    # Two frames, so that what the last style change did has been drawn before axe reads the colours.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page


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
    """The axe-core violations on the page in its final state: loaded, with nothing fading or moving
    (see wait_until_settled), injecting our axe-core first if needed."""
    wait_until_settled(page)
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
