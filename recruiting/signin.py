"""Sign-in throttling on top of django-axes: which failures lock what, for how long, and the page that says so.

Failures are counted over a sliding window of ``AXES_COOLOFF_TIME`` (15 minutes), in the database, so the
throttle holds with Redis down and across every web process. Sign-in is refused once the window holds:

- ``AXES_FAILURE_LIMIT`` (5) wrong passwords for one account from one address;
- ``SIGNIN_ACCOUNT_FAILURE_LIMIT`` (20) for one account from any addresses (a guesser with many addresses);
- ``SIGNIN_ADDRESS_FAILURE_LIMIT`` (50) from one address for any accounts (one guesser trying many accounts).

The two wider limits never apply at an address the account signed in from within
``SIGNIN_KNOWN_ADDRESS_DAYS``: someone elsewhere can slow an account down but cannot keep its owner out at
their usual desk. Attempts made while locked are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``
is off), so a lock ends one cool-off after the failures that caused it, however hard it is hammered meanwhile.
"""

import ipaddress
from collections import defaultdict
from datetime import datetime, timedelta
from math import ceil

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from core import addresses

USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def window_minutes() -> int:
    """How long failures count (AXES_COOLOFF_TIME), in minutes."""
    return int(get_cool_off().total_seconds() // 60)


def in_window(attempt_time: datetime, now: datetime | None = None) -> bool:
    """Whether an attempt record's failures still count: its last failure is within the window."""
    return attempt_time >= (now or timezone.now()) - get_cool_off()


def client_address(request) -> str | None:
    """The address the sign-in counts belong to: the one the application rate limit uses (behind the proxy,
    the right-most X-Forwarded-For entry), when it is a valid IP; else the socket's; else none."""
    for candidate in (addresses.client_address(request), request.META.get("REMOTE_ADDR")):
        try:
            # A zone index ("fe80::1%eth0") is no part of the address, and PostgreSQL's inet refuses it.
            return str(ipaddress.ip_address(str(candidate).split("%")[0]))
        except ValueError:
            continue
    return None


def client_username(request, credentials=None) -> str | None:
    """The username tried, cut to what the attempt log holds: the login form does not bound it."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def lock_end(failures: list[tuple[datetime, int]], limit: int, cool_off: timedelta) -> datetime | None:
    """When ``failures`` ((last failure time, count) per attempt record) stop reaching ``limit`` as the oldest
    leave the window; None if they do not reach it now."""
    total = sum(count for _, count in failures)
    end = None
    for attempt_time, count in sorted(failures):
        if total < limit:
            break
        total -= count
        end = attempt_time + cool_off
    return end


Pair = tuple[str | None, str | None]  # (username, address)


def _address(value) -> str | None:
    """One spelling per address, whatever the database hands back."""
    try:
        return str(ipaddress.ip_address(str(value))) if value else None
    except ValueError:
        return str(value)


def _failure_windows(pairs: list[Pair], now: datetime, failure_limit: int, recent=None):
    """For each (username, address): (limit, failures in the window) per limit that applies, the
    account-and-address one first. ``recent`` (username, address, time, count rows) is fetched if not given."""
    since = now - get_cool_off()
    if recent is None:
        match = Q(pk__in=[])
        for username, address in pairs:
            match |= Q(username=username) | Q(ip_address=address)
        recent = AccessAttempt.objects.filter(match, attempt_time__gte=since).values_list(
            "username", "ip_address", "attempt_time", "failures_since_start"
        )
    by_pair, by_username, by_address = defaultdict(list), defaultdict(list), defaultdict(list)
    for username, address, attempt_time, count in recent:
        address = _address(address)
        by_pair[username, address].append((attempt_time, count))
        by_username[username].append((attempt_time, count))
        by_address[address].append((attempt_time, count))

    known = set()
    usernames = {username for username, _ in pairs if username}
    addresses = {_address(address) for _, address in pairs if address}
    if usernames and addresses:
        # An address the account signed in from lately: the two wider limits spare it.
        known_since = now - timedelta(days=settings.SIGNIN_KNOWN_ADDRESS_DAYS)
        logged = AccessLog.objects.filter(username__in=usernames, ip_address__in=addresses, attempt_time__gte=known_since)
        known = {(username, _address(address)) for username, address in logged.values_list("username", "ip_address")}

    windows = {}
    for username, given_address in pairs:
        address = _address(given_address)
        limits = [(failure_limit, by_pair[username, address])]
        if (username, address) not in known:
            if username:
                limits.append((settings.SIGNIN_ACCOUNT_FAILURE_LIMIT, by_username[username]))
            if address:
                limits.append((settings.SIGNIN_ADDRESS_FAILURE_LIMIT, by_address[address]))
        windows[username, given_address] = limits
    return windows


def _lock_ends(windows) -> datetime | None:
    cool_off = get_cool_off()
    return max((end for end in (lock_end(failures, limit, cool_off) for limit, failures in windows) if end), default=None)


def current_locks(now: datetime | None = None) -> dict[int, datetime]:
    """The attempt records that keep someone from signing in now (id: when that lock ends): records still in
    the window whose account and address are over a limit. What the admin's lock list shows."""
    now = now or timezone.now()
    records = list(
        AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off()).values_list(
            "pk", "username", "ip_address", "attempt_time", "failures_since_start"
        )
    )
    pairs = list({(username, address) for _, username, address, _, _ in records})
    windows = _failure_windows(pairs, now, settings.AXES_FAILURE_LIMIT, recent=[row[1:] for row in records])
    ends = {pair: _lock_ends(limits) for pair, limits in windows.items()}
    return {pk: ends[username, address] for pk, username, address, _, _ in records if ends[username, address]}


def lock_ends_for(pairs: list[Pair], now: datetime | None = None) -> dict[Pair, datetime | None]:
    """When sign-in as each (username, address) opens again; None where it is open now."""
    windows = _failure_windows(pairs, now or timezone.now(), settings.AXES_FAILURE_LIMIT)
    return {pair: _lock_ends(limits) for pair, limits in windows.items()}


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with the three limits above in place of its single one."""

    def _windows(self, request, credentials) -> list[tuple[int, list[tuple[datetime, int]]]]:
        """(limit, failures in the window) per limit that applies to this request, the account-and-address one first."""
        pair = (get_client_username(request, credentials), request.axes_ip_address)
        limit = get_failure_limit(request, credentials)
        return _failure_windows([pair], request.axes_attempt_time, limit)[pair]

    def lock_ends(self, request, credentials=None) -> datetime | None:
        """When sign-in for this request's account and address opens again; None if it is open now."""
        return _lock_ends(self._windows(request, credentials))

    def get_failures(self, request, credentials=None) -> int:
        # Axes locks when this reaches AXES_FAILURE_LIMIT: the account-and-address count, or the limit itself
        # when one of the wider limits is reached.
        cool_off = get_cool_off(request)
        windows = self._windows(request, credentials)
        failures = sum(count for _, count in windows[0][1])
        if any(lock_end(window, limit, cool_off) for limit, window in windows[1:]):
            return max(failures, windows[0][0])
        return failures


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in while throttled, before any password is checked (first in AUTHENTICATION_BACKENDS).

    Both sign-in pages pass the request. A call without one (the test client's ``login()``, the shell) has no
    client to count, so it is left to the next backend instead of failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page both sign-in forms answer with while locked: 429, when to try again, and a Retry-After."""
    handler = AxesProxyHandler.get_implementation()
    ends = handler.lock_ends(request, credentials) if isinstance(handler, SignInThrottleHandler) else None
    ends = ends or request.axes_attempt_time + get_cool_off(request)
    # Whole minutes, rounded up: what the page says and what Retry-After says agree.
    minutes = max(1, ceil((ends - request.axes_attempt_time).total_seconds() / 60))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    response = render(
        request,
        "registration/locked_out.html",
        {"until": ends, "minutes": minutes, "login_url": request.path, "next": next_url},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def prune_sign_in_records(now: datetime | None = None) -> int:
    """Delete the sign-in log older than SIGNIN_LOG_DAYS; returns how many rows went."""
    since = (now or timezone.now()) - timedelta(days=settings.SIGNIN_LOG_DAYS)
    deleted, _ = AccessLog.objects.filter(attempt_time__lt=since).delete()
    return deleted
