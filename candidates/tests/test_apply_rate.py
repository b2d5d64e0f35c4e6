"""The apply rate limit: per client address and e-mail together, under a generous per-address ceiling."""

import logging

import pytest
from django.urls import reverse

from candidates import ratelimit
from candidates.models import Application
from candidates.tests.test_apply import form_data
from positions.tests.factories import OpenPositionFactory

PERSON_REFUSAL = {
    "en": "You have sent several applications in a short time. Please wait 10 minutes and send the form again.",
    "it": "Hai inviato diverse candidature in poco tempo. Attendi 10 minuti e invia di nuovo il modulo.",
}
NETWORK_REFUSAL = {
    "en": "Many applications have been sent from your network in a short time. Please wait 10 minutes and send "
          "the form again.",
    "it": "Dalla tua rete sono state inviate molte candidature in poco tempo. Attendi 10 minuti e invia di nuovo "
          "il modulo.",
}


def test_the_documented_defaults():
    from django.conf import settings

    assert (settings.APPLY_RATE_LIMIT, settings.APPLY_RATE_ADDRESS_LIMIT, settings.APPLY_RATE_WINDOW) == (5, 60, 600)
    assert settings.RESUME_CHECK_RATE_LIMIT == 60


def _same(address, email, times):
    return [(address, email)] * times


def _distinct(address, times, start=0):
    return [(address, f"person{n}@example.invalid") for n in range(start, start + times)]


# Each case: the complete applications in order (client address, typed e-mail), and which were refused.
@pytest.mark.parametrize(
    "sends, refused",
    [
        (_same("192.0.2.1", "ada@example.invalid", 5), [False] * 5),
        (_same("192.0.2.1", "ada@example.invalid", 6), [False] * 5 + [True]),
        (_same("192.0.2.1", "ada@example.invalid", 5) + [("192.0.2.1", "bea@example.invalid")], [False] * 6),
        (_same("192.0.2.1", "ada@example.invalid", 5) + [("192.0.2.2", "ada@example.invalid")], [False] * 6),
        (_same("192.0.2.1", "ada@example.invalid", 5) + [("192.0.2.1", "  ADA@Example.INVALID ")], [False] * 5 + [True]),
        (_same("192.0.2.1", "ada@example.invalid", 7) + [("192.0.2.1", "bea@example.invalid")],
         [False] * 5 + [True, True, False]),
        (_distinct("192.0.2.1", 60), [False] * 60),
        (_distinct("192.0.2.1", 61), [False] * 60 + [True]),
        (_distinct("192.0.2.1", 60) + [("192.0.2.2", "person60@example.invalid")], [False] * 61),
        (_distinct("2001:db8:0:1::1", 30) + _distinct("2001:db8:0:1::ffff", 31, start=30), [False] * 60 + [True]),
    ],
    ids=[
        "5th-same-email-accepted", "6th-same-email-refused", "6th-different-email-accepted",
        "same-email-other-address-accepted", "email-case-and-spaces-are-the-same-person",
        "refused-person-does-not-block-the-next", "ceiling-accepted", "ceiling-plus-1-refused",
        "ceiling-is-per-address", "ipv6-counts-the-64-together",
    ],
)
def test_the_limits_refuse_exactly_past_5_per_person_and_60_per_address(sends, refused):
    assert [ratelimit.over_limit(address, email) for address, email in sends] == refused


def test_the_email_is_not_kept_in_clear_in_the_cache():
    from django.core.cache import cache

    ratelimit.over_limit("192.0.2.1", "ada@example.invalid")
    store = cache._cache  # Redis (CACHE_URL) in CI, per-process memory without it
    keys = list(store) if isinstance(store, dict) else store.get_client().keys("*")
    text = " ".join(key.decode() if isinstance(key, bytes) else key for key in keys)
    assert ("apply-rate-person:192.0.2.1:" in text, "ada" in text) == (True, False)


# ---------------------------------------------------------------------------
# Through the form
# ---------------------------------------------------------------------------
@pytest.fixture
def positions(reference_data):
    return [OpenPositionFactory(title=f"Clerk {n}") for n in range(7)]


def _apply(client, position, email, language="en", address="198.51.100.7"):
    return client.post(
        reverse("jobs:apply", kwargs={"slug": position.slug}),
        form_data(position, email=email, first_name="Giulia", phone="+39 333 7654321"),
        HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("language", ["en", "it"], ids=["english", "italian"])
def test_the_sixth_application_of_one_person_is_refused_and_the_next_person_is_not(client, positions, language):
    statuses = [_apply(client, positions[n], "ada@example.invalid", language).status_code for n in range(5)]
    refused = _apply(client, positions[5], "ada@example.invalid", language)
    other = _apply(client, positions[5], "bea@example.invalid", language)
    assert (statuses, refused.status_code, other.status_code) == ([302] * 5, 429, 302)
    html = refused.content.decode()
    assert PERSON_REFUSAL[language] in html
    # What was typed comes back (nothing lost): name, e-mail and phone.
    assert ['value="Giulia"' in html, 'value="ada@example.invalid"' in html, 'value="+39 333 7654321"' in html] == [
        True, True, True,
    ]
    assert Application.objects.filter(candidate__email_normalized="ada@example.invalid").count() == 5


@pytest.mark.parametrize("language", ["en", "it"], ids=["english", "italian"])
def test_past_the_address_ceiling_the_refusal_names_the_network(client, positions, settings, language):
    settings.APPLY_RATE_ADDRESS_LIMIT = 3
    statuses = [_apply(client, positions[0], f"person{n}@example.invalid", language).status_code for n in range(3)]
    refused = _apply(client, positions[0], "person3@example.invalid", language)
    elsewhere = _apply(client, positions[0], "person3@example.invalid", language, address="203.0.113.9")
    assert (statuses, refused.status_code, elsewhere.status_code) == ([302] * 3, 429, 302)
    html = refused.content.decode()
    assert NETWORK_REFUSAL[language] in html and PERSON_REFUSAL[language] not in html
    assert 'value="person3@example.invalid"' in html


def test_with_the_cache_down_applications_are_accepted_with_one_warning(client, positions, settings, caplog, monkeypatch):
    settings.APPLY_RATE_LIMIT = 1
    # Nothing listens on port 9: every cache call is refused at once, as with Redis stopped.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    monkeypatch.setattr(ratelimit, "_last_warning", None)
    with caplog.at_level(logging.WARNING, logger="candidates.ratelimit"):
        statuses = [_apply(client, positions[n], "ada@example.invalid").status_code for n in range(3)]
    assert statuses == [302, 302, 302]
    assert Application.objects.count() == 3
    assert [r.levelname for r in caplog.records if r.name == "candidates.ratelimit"] == ["WARNING"]


def test_with_the_cache_down_the_limiter_allows_and_the_network_check_says_no(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    monkeypatch.setattr(ratelimit, "_last_warning", None)
    assert [ratelimit.over_limit("192.0.2.1", "ada@example.invalid") for _ in range(7)] == [False] * 7
    assert ratelimit.network_is_busy("192.0.2.1") is False


@pytest.mark.parametrize(
    "address", ["unknown", "", "not an address", "::ffff:192.0.2.1"], ids=["unknown", "empty", "garbage", "mapped-v4"]
)
def test_odd_client_addresses_are_counted_without_failing(address):
    assert [ratelimit.over_limit(address, "ada@example.invalid") for _ in range(6)] == [False] * 5 + [True]
