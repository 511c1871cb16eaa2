from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.search_promotions import views as search_promotion_views
from wagtail.contrib.sitemaps.views import sitemap

from cms import views as cms_views
from enquiries.mail.webhooks import webhook_urlpatterns

from . import health, mfa_views, storage, views
from .api import api_router

handler500 = "portal.views.server_error"

urlpatterns = [
    path("health/", health.balancer_view(), name="health"),
    path("health/all/", health.monitoring_view(), name="health_all"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers and printed pages ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}images/favicon.ico", permanent=True)),
    path("sitemap.xml", sitemap, name="sitemap"),
    # One door in for everyone, staff included: Wagtail's own login and password pages send to allauth.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    # Wagtail's front-end login form (for restricted pages and documents) would be a second door with no
    # rate limit, no email verification and no second factor: it answers with allauth's sign-in instead.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path(
        "admin/searchpicks/queries/chooser/",
        views.managers_of_search_promotions_only(search_promotion_views.chooser),
    ),
    path(
        "admin/searchpicks/queries/chooser/results/",
        views.managers_of_search_promotions_only(search_promotion_views.chooserresults),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # allauth's set-up and recovery-codes pages, keeping the page a new member of staff was going to.
    path("accounts/2fa/totp/activate/", mfa_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/recovery-codes/", mfa_views.view_recovery_codes, name="mfa_view_recovery_codes"),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(storage.document_urls())),
    path("search/", cms_views.search, name="search"),
    path("my-plan/", include("pathways.urls")),
    path("", include("enquiries.urls")),
    path("api/v2/", api_router.urls),
    # Email webhooks: anymail's views for the configured provider only, failing closed (enquiries/mail/webhooks.py).
    path("anymail/", include((webhook_urlpatterns(), "anymail"))),
]

# Images and renditions from the file system, in every settings module; the rest of MEDIA_ROOT
# (documents) only through Wagtail's checked view. With buckets these answer 404: the public bucket
# serves them.
urlpatterns += [
    path(
        f"media/{prefix}<path:name>",
        storage.serve_public_media,
        {"prefix": prefix},
        name=f"media_{prefix.strip('/')}",
    )
    for prefix in storage.PUBLIC_PREFIXES
]

urlpatterns += [path("", include(wagtail_urls))]
