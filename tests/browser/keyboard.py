"""Keyboard-only navigation for the journeys: reach an element with Tab, as a keyboard user would."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

_IS_FOCUSED = "element => element === document.activeElement"


def tab_to(page: Page, target: Locator, *, max_presses: int = 150, key: str = "Tab") -> int:
    """Press Tab (or `key`) until `target` has focus; return how many presses it took.

    Fails if the element is never reached: it is then not in the tab order, or hidden behind a
    focus trap, which is exactly what a keyboard user would run into.
    """
    element = target.element_handle()
    for presses in range(1, max_presses + 1):
        page.keyboard.press(key)
        if element.evaluate(_IS_FOCUSED):
            return presses
    raise AssertionError(f"{target} was not reached with {max_presses} presses of {key}")


def focused_description(page: Page) -> str:
    """A short description of the focused element, for failure messages."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "nothing";
            const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
            return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> ${text.slice(0, 60)}`;
        }"""
    )
