import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")
django.setup(set_prefix=False)

# Django's own handler, but a request declaring a charset other than UTF-8 or ASCII (charset=zlib,
# charset=punycode) gets a 400, not a 500.
from recruiting.middleware import TextCharsetWSGIHandler  # noqa: E402

application = TextCharsetWSGIHandler()
