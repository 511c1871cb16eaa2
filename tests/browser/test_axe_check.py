"""A check of the accessibility check: axe-core, as the journeys run it, does find known faults.

If axe-core were not injected, or ran on an empty document, every journey's "zero violations" would
pass for nothing. These pages have faults that axe must report, and a fault-free twin that it must not.
"""

import pytest

from tests.browser.axe import assert_no_violations, axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAULTY = """<!doctype html>
<html lang="en-GB">
<head><title>Known faults</title></head>
<body>
  <main>
    <h1>Known faults</h1>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
    <form><input type="text" name="q"></form>
  </main>
</body>
</html>"""

FIXED = FAULTY.replace('height="40">', 'height="40" alt="A grey square">').replace(
    '<input type="text" name="q">', '<label for="q">Search</label><input type="text" id="q" name="q">'
)


def test_axe_reports_an_image_without_alt_text_and_an_unlabelled_field(page):
    page.set_content(FAULTY)

    violations = axe_violations(page)

    ids = {violation["id"] for violation in violations}
    assert "image-alt" in ids, describe_violations(violations)
    assert "label" in ids, describe_violations(violations)
    report = describe_violations(violations, where="the faulty page")
    assert "image-alt (critical)" in report
    assert "at img" in report


def test_the_assertion_fails_on_the_faulty_page_and_passes_on_its_fixed_twin(page):
    page.set_content(FAULTY)
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_violations(page, where="the faulty page")

    page.set_content(FIXED)
    assert_no_violations(page, where="the fixed page")


def test_axe_finds_a_fault_on_a_page_served_by_the_live_server(page, live_server):
    """The same check on a real response, which carries the portal's Content-Security-Policy
    (script-src 'self'): axe must still be injected and run, and report a fault added to the page."""
    page.goto("/health/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
            document.body.appendChild(img);
        }"""
    )
    ids = {violation["id"] for violation in axe_violations(page)}
    assert "image-alt" in ids
