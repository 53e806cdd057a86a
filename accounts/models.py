from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext


def token_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their work email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Changes whenever the person's roles or notifications do; keys what is cached about
    # them between requests (core.personal). Only core.personal.changed writes it.
    cache_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Moves with every save of the row (name, email, roles' flags; not a sign-in, which
    # saves last_login alone): what is kept with people's names in it is keyed by the latest
    # (core.personal.names_version).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Moved by "sign out everywhere else": every session made before then stops, since a
    # session carries the hash it was made with (get_session_auth_hash).
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)
    # When a suspended account was last restored: unused time counts from then (or from the
    # last sign-in, or joining, whichever is latest; organisations.tasks.review_access).
    restored_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the person first set up a second factor (an authenticator app or a passkey); None
    # while they have none. Kept on the row, which every signed-in request already has, so
    # asking for the second step costs no query (accounts.mfa).
    mfa_enrolled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language the person last used the service in (accounts.middleware.LanguageMiddleware):
    # the one they are taken to after signing in, and their emails' and notifications' language.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_session_auth_hash(self):
        """Django's hash of the password, with the sessions epoch once it has moved (so
        sessions made before this field existed stay valid until then)."""
        if not self.sessions_epoch:
            return super().get_session_auth_hash()
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.sessions_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()

    def save(self, *args, **kwargs):
        # A save of a row read earlier must not put back an older cache_version (which would
        # make stale cached roles current again): it is written by core.personal.changed only.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "cache_version"
            ]
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal API token for BI tools. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=token_expiry)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class PasswordResetRequest(models.Model):
    """A request for a password reset email, kept briefly to limit how many are sent."""

    email = models.CharField(max_length=254, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.email} at {self.requested_at:%Y-%m-%d %H:%M}"


class SignIn(models.Model):
    """One sign-in, for the person's own list of recent sign-ins (Your account): when, how,
    from which browser and address, and whether "sign out everywhere else" has ended it."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(default=timezone.now)
    how = models.CharField(max_length=60)
    browser = models.CharField(max_length=80, blank=True)
    address = models.CharField(max_length=45, blank=True)
    # The person's sessions epoch at the time: a later "sign out everywhere" ended it.
    epoch = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="sign_in_latest_first")]

    def __str__(self):
        return f"{self.user} at {self.at:%Y-%m-%d %H:%M} ({self.how})"

    @property
    def browser_shown(self) -> str:
        """The browser as stored ("Firefox on Windows"), in the reader's language: browsers'
        and systems' names are their own; the words between them are translated."""
        from accounts.middleware import UNKNOWN_BROWSER

        if self.browser == UNKNOWN_BROWSER:
            return gettext("An unknown browser")
        browser, on, system = self.browser.partition(" on ")
        if on:
            return gettext("{browser} on {system}").format(browser=browser, system=system)
        return self.browser
