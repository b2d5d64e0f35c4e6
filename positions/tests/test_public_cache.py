"""Anonymous visitors get the public pages from the cache, fresh after any change to a position, with ETag and
Last-Modified, each with their own CSRF token; searches, staff and a cache that is down render as before."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from positions import public_cache, services
from positions.models import Duty, Position
from positions.tests.factories import OpenPositionFactory

PAGES = ["jobs:board", "jobs:detail", "jobs:apply", "jobs:feed", "sitemap"]


@pytest.fixture
def position(db):
    return OpenPositionFactory(title="Addetto archivio", slug="addetto-archivio")


def _without_token(content: bytes) -> bytes:
    """The page with its CSRF token (each visitor's own, masked anew on every response) blanked."""
    content = public_cache.CSRF_FIELD.sub(b'name="csrfmiddlewaretoken" value=""', content)
    return public_cache.SUBMISSION_FIELD.sub(b'name="submission_token" value=""', content)


def _url(name, position):
    return reverse(name, kwargs={"slug": position.slug}) if name in ("jobs:detail", "jobs:apply") else reverse(name)


@pytest.mark.parametrize("name", PAGES)
def test_the_second_anonymous_visit_costs_no_query_and_gets_the_same_page(client, position, name,
                                                                          django_assert_num_queries):
    url = _url(name, position)
    first = client.get(url)
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert _without_token(second.content) == _without_token(first.content)
    assert second["ETag"] == first["ETag"] and second["ETag"].startswith('W/"')
    assert second["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("name", PAGES)
def test_a_matching_conditional_get_is_answered_304_without_a_body(client, position, name):
    url = _url(name, position)
    first = client.get(url)
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    stale = client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"')
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert (by_date.status_code, by_date.content) == (304, b"")
    assert stale.status_code == 200 and stale.content


@pytest.mark.parametrize(
    "change",
    ["title", "duty", "close", "close_expired", "delete"],
)
def test_a_change_to_a_position_shows_at_the_next_visit(client, position, change):
    board, detail = reverse("jobs:board"), position.get_public_url()
    assert "Addetto archivio" in client.get(board).content.decode()
    client.get(detail)
    if change == "title":
        position.title = "Addetto protocollo"
        position.save()
        assert "Addetto protocollo" in client.get(board).content.decode()
        assert "Addetto protocollo" in client.get(detail).content.decode()
    elif change == "duty":
        Duty.objects.create(position=position, order=9, description="Tenere il registro di protocollo")
        assert "Tenere il registro di protocollo" in client.get(detail).content.decode()
    elif change == "close":
        services.position_set_status(position=position, status=Position.Status.CLOSED, user=None)
        assert "Addetto archivio" not in client.get(board).content.decode()
    elif change == "close_expired":
        Position.objects.filter(pk=position.pk).update(closing_date=datetime.date(2020, 1, 1))
        assert services.positions_close_expired() == 1
        assert "Addetto archivio" not in client.get(board).content.decode()
    else:
        position.delete()
        assert "Addetto archivio" not in client.get(board).content.decode()
        assert client.get(detail).status_code == 404


def test_each_language_has_its_own_copy(client, position):
    italian = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE="it")
    english = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE="en")
    again = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE="it")
    assert '<html lang="it"' in italian.content.decode() and '<html lang="en"' in english.content.decode()
    assert '<html lang="it"' in again.content.decode()
    assert italian["ETag"] == again["ETag"] != english["ETag"]


def test_a_visitor_served_from_the_cache_gets_a_token_that_works_with_their_cookie(position):
    Client().get(reverse("jobs:board"))  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("jobs:board"))
    html = page.content.decode()
    assert "\x00csrf\x00" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = visitor.post(reverse("set_language"), {"language": "en", "next": "/jobs/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_free_text_search_is_rendered_each_time_and_never_kept(client, position, django_assert_num_queries):
    client.get(reverse("jobs:board"), {"q": "archivio"})
    with django_assert_num_queries(3):
        response = client.get(reverse("jobs:board"), {"q": "archivio"})
    assert "Addetto archivio" in response.content.decode()
    assert "ETag" not in response


def test_staff_are_never_served_the_anonymous_copy(client, position, hr):
    client.get(reverse("jobs:board"))
    client.force_login(hr)
    html = client.get(reverse("jobs:board")).content.decode()
    assert reverse("logout") in html


def test_with_the_cache_down_the_pages_render_as_before(client, position, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "incr", down)
    response = client.get(position.get_public_url())
    assert response.status_code == 200 and "Addetto archivio" in response.content.decode()
    position.title = "Addetto protocollo"
    position.save()  # the version cannot be bumped: logged, the save goes through
    assert Position.objects.get(pk=position.pk).title == "Addetto protocollo"


def test_without_a_shared_cache_every_visit_renders(client, position, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE = False
    client.get(reverse("jobs:board"))
    with django_assert_num_queries(3):
        response = client.get(reverse("jobs:board"))
    assert "ETag" not in response


def test_a_new_cache_starts_a_version_no_earlier_copy_can_have(db, monkeypatch):
    cache.delete(public_cache.VERSION_KEY)
    public_cache.forget()
    monkeypatch.setattr(public_cache.time, "time", lambda: 1_800_000_000.0)
    assert public_cache.version() == 1_800_000_000_000
    public_cache.bump()
    assert public_cache.version() == 1_800_000_000_001
    cache.delete(public_cache.VERSION_KEY)  # the cache lost everything: the clock starts a later version
    public_cache.forget()
    monkeypatch.setattr(public_cache.time, "time", lambda: 1_800_000_001.0)
    assert public_cache.version() == 1_800_000_001_000


def test_each_visitor_of_a_kept_apply_form_gets_their_own_submission_token_and_both_applications_count(
    position, django_capture_on_commit_callbacks
):
    from candidates.models import Application
    from candidates.tests.test_apply import form_data

    url = reverse("jobs:apply", kwargs={"slug": position.slug})
    pages = [Client().get(url).content for _visitor in range(3)]
    tokens = [public_cache.SUBMISSION_FIELD.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3 and b"\x00" not in b"".join(pages)
    for number, token in enumerate(tokens[:2]):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(url, {**form_data(position), "email": f"persona{number}@example.invalid",
                                           "submission_token": token.decode()})
        assert response.status_code == 302
    assert Application.objects.count() == 2


def test_another_process_s_change_shows_within_a_second_and_this_process_s_at_once(client, position, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(public_cache.time, "monotonic", lambda: clock[0])
    public_cache.forget()
    client.get(reverse("jobs:board"))
    cache.incr(public_cache.VERSION_KEY)  # another web node saved a position
    Position.objects.filter(pk=position.pk).update(title="Addetto protocollo")
    clock[0] += 0.999
    assert "Addetto archivio" in client.get(reverse("jobs:board")).content.decode()
    clock[0] += 0.002
    assert "Addetto protocollo" in client.get(reverse("jobs:board")).content.decode()
    position.refresh_from_db()
    position.title = "Addetto registro"
    position.save()  # this process: at once
    assert "Addetto registro" in client.get(reverse("jobs:board")).content.decode()


def test_a_visitor_with_a_message_waiting_gets_the_page_with_it_and_not_the_kept_copy(client, position):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    Client().get(reverse("jobs:board"))  # kept
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Link sent.")])
    response = client.get(reverse("jobs:board"))
    assert "Link sent." in response.content.decode() and "ETag" not in response
    assert "Link sent." not in Client().get(reverse("jobs:board")).content.decode()
