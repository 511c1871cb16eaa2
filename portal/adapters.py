from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts in the portal's voice; sign-up stays open (returnees and recruits make their own)."""

    def is_open_for_signup(self, request):
        return True
