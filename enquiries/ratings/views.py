"""The public "how did we do?" page behind the link in the email sent when an enquiry is resolved.

Thin: ratings_service.py checks the token and records the rating; the form validates.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from enquiries.ratings import service as ratings_service
from enquiries.ratings.forms import RatingForm, parse_score, score_choices


def _private(response, *, referrer_policy: str = "no-referrer"):
    """The token in the URL is the key to the page: never sent to another site as a Referer, never
    indexed, never cached (never_cache on the view)."""
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _form_page(request, form, *, chosen_score: int | None = None):
    """The form itself is served with "same-origin", not "no-referrer": under "no-referrer" browsers
    send `Origin: null` with the form's POST (and no Referer), which Django's CSRF check must refuse.
    "same-origin" still sends the URL, token included, to no other site. `chosen_score`: the score
    picked in the email, which the page's first button sends with one press."""
    chosen = dict(score_choices())[chosen_score] if chosen_score else ""
    context = {"form": form, "chosen_score": chosen_score, "chosen": chosen}
    return _private(render(request, "enquiries/rate.html", context), referrer_policy="same-origin")


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token):
    """/rate/<token>/: GET shows the form (with the score chosen in the email selected), POST records.

    A GET never records anything, because email security scanners open every link in a message (and
    some run the page's JavaScript, so nothing submits the form by itself either); so the enquirer
    clicks a score in the email, then presses one button here: the page opens with a button that sends
    exactly that score ("Send rating: Good (4 out of 5)"), above the full form for changing the score
    or adding a comment. No sign-in is needed: the signed
    token is the key. A good link whose enquiry has been reopened is refused with 409 and a page that
    says so (it works again once the enquiry is resolved again).

    Rate limiting is not needed here: the token is an HMAC (SHA-256, with SECRET_KEY and its own salt)
    over the enquiry's uuid, so it cannot be guessed or made for another enquiry, and each token can
    record at most one rating (the one-to-one row), after which every request only reads. A flood of
    bad tokens costs one signature check each and touches no table.
    """
    try:
        enquiry = ratings_service.enquiry_for_rating_token(token)
    except ratings_service.RatingLinkError as error:
        status = 410 if error.expired else 409 if error.not_resolved else 400
        context = {
            "expired": error.expired,
            "not_resolved": error.not_resolved,
            "link_days": ratings_service.link_max_age().days,
        }
        return _private(render(request, "enquiries/rate_link_problem.html", context, status=status))

    if ratings_service.rating_of(enquiry) is not None:
        template = (
            "enquiries/rate_thanks.html" if request.GET.get("sent") == "1" else "enquiries/rate_done.html"
        )
        return _private(render(request, template))

    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            _rating, created = ratings_service.rating_record(
                enquiry=enquiry, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
            if not created:
                return _private(render(request, "enquiries/rate_done.html"))
            return _private(redirect(f"{reverse('enquiries:rate', args=[token])}?sent=1"))
        return _form_page(request, form)

    score = parse_score(request.GET.get("score"))
    form = RatingForm(initial={"score": score} if score else None, score_in_email=bool(score))
    return _form_page(request, form, chosen_score=score)
