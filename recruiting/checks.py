from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """Without SECRET_KEY each process invents its own, so sessions break across workers."""
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment; a throw-away key is in use.",
            hint="Set SECRET_KEY to a long random value shared by every process.",
            id="recruiting.E001",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Error(
            "SITE_URL does not start with https://; feeds and e-mails would link to an insecure address.",
            hint="Set SITE_URL to the public https:// address of the site.",
            id="recruiting.E002",
        )
    ]
