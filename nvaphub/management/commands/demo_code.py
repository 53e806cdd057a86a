from binascii import unhexlify

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from organisations.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = (
        "Prints the code the demo accounts' authenticator app shows now (leads and national "
        "accounts are asked for it after their password). Demo only: refuses when DEBUG is off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: there are no demo accounts.")
        totp = TOTP(unhexlify(DEMO_TOTP_KEY))
        left = totp.step - int(totp.time) % totp.step
        self.stdout.write(f"{totp.token():06d}  (for {left} more seconds)")
