class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not set itself.

    A Content-Security-Policy and Permissions-Policy on every response; Django 5.2 has no CSP support
    of its own (it arrives in 6.0), so this stays a small, explicit middleware. The Wagtail admin needs
    inline scripts and styles, so it gets a looser policy than the public site.
    """

    PUBLIC_CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'; frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com"
    )
    ADMIN_CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'; frame-src 'self' https:"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin/")
        response.headers.setdefault("Content-Security-Policy", self.ADMIN_CSP if is_admin else self.PUBLIC_CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages for a signed-in person are theirs alone: never stored by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
