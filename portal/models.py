from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class EmailUserManager(UserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """The portal's user: signs in with an email address (django-allauth)."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class ErasureRecord(models.Model):
    """One erasure of a person's data on their request, kept so that it can be replayed after a backup is
    restored (see portal/privacy/). Never holds the address itself: only a keyed hash of it.

    Each erasure is also written to the erasure log (an object per erasure under
    settings.PRIVACY_ERASURE_LOG in the private bucket or folder), which lives outside the database
    backups: a restore brings back the erased data and drops these rows, and `manage.py
    replay_erasures` reads the log to erase it again.
    """

    erasure_id = models.UUIDField(unique=True, editable=False)
    subject_hash = models.CharField(
        max_length=64, db_index=True, help_text="HMAC-SHA256 of the normalised email address, in hex"
    )
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why, e.g. a ticket number; email addresses are removed"
    )
    counts = models.JSONField(default=dict, blank=True, help_text="Rows changed, by model")
    replayed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last applied again from the erasure log"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "erasure record"
        permissions = [("manage_personal_data", "Can export and erase a person's data")]

    def __str__(self):
        return f"Erasure {self.erasure_id} on {self.created_at:%Y-%m-%d}"


class ClockLease(models.Model):
    """The clock's lease and heartbeat (portal/scheduler.py): which `run_scheduler` process may enqueue
    the periodic jobs, until when, when it last did, and the day the daily jobs last ran. One row per
    clock name. A database row rather than a PostgreSQL advisory lock so that it works the same on
    SQLite and PostgreSQL, survives a dropped connection, and doubles as the heartbeat /health/ reads."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200, blank=True, help_text="host:pid:nonce of the clock holding it")
    lease_until = models.DateTimeField(null=True, blank=True)
    last_tick = models.DateTimeField(
        null=True, blank=True, help_text="When the holder last enqueued the jobs"
    )
    daily_done_on = models.DateField(null=True, blank=True, help_text="UK date the daily jobs last ran")

    class Meta:
        verbose_name = "clock lease"

    def __str__(self):
        return f"Clock {self.name} held by {self.holder or 'nobody'}"
