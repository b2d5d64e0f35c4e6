"""The public job board, job pages, JobPosting and feeds, as an anonymous visitor sees them."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from positions.models import Position
from positions.tests.factories import OpenPositionFactory, PositionFactory


def _json_ld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.fixture
def board(db):
    today = timezone.localdate()
    return {
        "open": OpenPositionFactory(title="Bookkeeper", location="Bologna", function="accounting", work_mode="onsite"),
        "remote": OpenPositionFactory(title="Support specialist", location="Padova", function="support", work_mode="remote"),
        "draft": PositionFactory(title="Secret draft"),
        "closed": OpenPositionFactory(title="Old data entry", status=Position.Status.CLOSED),
        "expired": OpenPositionFactory(title="Expired clerk", closing_date=today - datetime.timedelta(days=1)),
    }


def test_board_lists_only_positions_taking_applications(client, board):
    response = client.get(reverse("jobs:board"))
    titles = [p.title for p in response.context["positions"]]
    assert titles == ["Support specialist", "Bookkeeper"]  # newest first
    html = response.content.decode()
    assert "Secret draft" not in html and "Old data entry" not in html and "Expired clerk" not in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "book"}, ["Bookkeeper"]),
        ({"q": "SAP"}, ["Support specialist", "Bookkeeper"]),  # skills are searched
        ({"function": "support"}, ["Support specialist"]),
        ({"location": "Bologna"}, ["Bookkeeper"]),
        ({"work_mode": "remote"}, ["Support specialist"]),
        ({"function": "astrology"}, ["Support specialist", "Bookkeeper"]),  # tampered filter is ignored
    ],
)
def test_board_search_and_filters(client, board, params, expected):
    response = client.get(reverse("jobs:board"), params)
    assert [p.title for p in response.context["positions"]] == expected


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_board_pagination_tolerates_any_page(client, board, page):
    response = client.get(reverse("jobs:board"), {"page": page})
    assert response.status_code == 200


def test_board_query_count_is_the_same_at_5_and_100_positions(client, db, django_assert_num_queries):
    OpenPositionFactory.create_batch(5)
    with django_assert_num_queries(3) as at_5:
        client.get(reverse("jobs:board"))
    OpenPositionFactory.create_batch(95)
    with django_assert_num_queries(3) as at_100:
        response = client.get(reverse("jobs:board"))
    assert len(at_5.captured_queries) == len(at_100.captured_queries) == 3
    assert response.context["page_obj"].paginator.count == 100


def test_job_page_shows_duties_requirements_skills_and_pay(client, board):
    response = client.get(board["open"].get_public_url())
    html = response.content.decode()
    assert "Record supplier invoices" in html
    assert "Upper-secondary diploma and 3 years in a similar role" in html
    assert "Accounts payable" in html
    assert "24,000–30,000 EUR per year" in html
    assert reverse("jobs:apply", kwargs={"slug": board["open"].slug}) in html


@pytest.mark.parametrize(
    "published_utc, posted",
    [
        pytest.param(datetime.datetime(2026, 11, 27, 22, 59), "2026-11-27", id="23-59-in-rome-is-that-day"),
        pytest.param(datetime.datetime(2026, 11, 27, 23, 0), "2026-11-28", id="midnight-in-rome-is-the-next-day"),
        pytest.param(datetime.datetime(2026, 7, 1, 21, 59), "2026-07-01", id="23-59-summer-time"),
        pytest.param(datetime.datetime(2026, 7, 1, 22, 0), "2026-07-02", id="midnight-summer-time"),
    ],
)
def test_job_posting_date_is_the_organisations_calendar_day(client, board, published_utc, posted):
    position = board["open"]
    Position.objects.filter(pk=position.pk).update(published_at=published_utc.replace(tzinfo=datetime.UTC))
    (data,) = _json_ld(client.get(position.get_public_url()).content.decode())
    assert data["datePosted"] == posted


def test_job_posting_json_ld(client, board):
    position = board["open"]
    (data,) = _json_ld(client.get(position.get_public_url()).content.decode())
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Bookkeeper"
    assert "<li>Record supplier invoices</li>" in data["description"]
    assert data["datePosted"] == timezone.localtime(position.published_at).date().isoformat()
    assert data["validThrough"].startswith(position.closing_date.isoformat())
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Studio Demo S.r.l."}
    assert data["jobLocation"]["address"]["addressLocality"] == "Bologna"
    assert data["employmentType"] == "FULL_TIME"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 24000, "maxValue": 30000, "unitText": "YEAR"},
    }
    assert data["educationRequirements"]["credentialCategory"] == "high school"
    assert data["experienceRequirements"]["monthsOfExperience"] == 36
    assert data["experienceInPlaceOfEducation"] is True
    assert data["responsibilities"] == "Record supplier invoices\nPrepare the payment run"
    assert data["skills"] == "Accounts payable, SAP"
    assert data["directApply"] is True


def test_remote_job_is_telecommute_with_country_requirement(client, board):
    (data,) = _json_ld(client.get(board["remote"].get_public_url()).content.decode())
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "IT"}
    assert "jobLocation" not in data


def test_draft_is_404_and_closed_says_so_without_job_posting(client, board):
    assert client.get(board["draft"].get_public_url()).status_code == 404
    assert client.get(reverse("jobs:apply", kwargs={"slug": board["draft"].slug})).status_code == 404
    for key in ("closed", "expired"):
        response = client.get(board[key].get_public_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "no longer takes applications" in html
        assert _json_ld(html) == []
        assert reverse("jobs:apply", kwargs={"slug": board[key].slug}) not in html


def test_hostile_text_is_escaped_in_html_and_json_ld(client, db):
    position = OpenPositionFactory(
        title='</script><script>alert("x")</script>', summary="<img src=x onerror=alert(1)>",
        duties=["<b>bold</b> & more"],
    )
    html = client.get(position.get_public_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    (data,) = _json_ld(html)
    assert data["title"] == '</script><script>alert("x")</script>'
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in data["description"]


def test_board_and_job_page_in_italian(client, board):
    html = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert '<html lang="it">' in html
    assert "Offerte di lavoro" in html
    italian = OpenPositionFactory(language="it", title="Contabile")
    html = client.get(italian.get_public_url(), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Cosa farai" in html
    assert "Diploma di scuola secondaria superiore e 3 anni in un ruolo simile" in html
    assert "24.000–30.000 EUR all&#x27;anno" in html or "24.000–30.000 EUR all'anno" in html


def test_an_english_posting_reads_in_english_inside_an_italian_page(client, board):
    html = client.get(board["open"].get_public_url(), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert '<html lang="it">' in html and "Offerte di lavoro" in html  # the page around it
    assert "What you will do" in html and "Upper-secondary diploma and 3 years" in html  # the posting


def test_hourly_pay_keeps_its_decimals(client, db):
    position = OpenPositionFactory(pay_min="9.50", pay_max="12.75", pay_period="HOUR")
    assert "9.50–12.75 EUR per hour" in client.get(position.get_public_url()).content.decode()
    assert "<salary>9.5-12.75 EUR hour</salary>" in client.get(reverse("jobs:feed")).content.decode()


def test_feed_survives_control_characters_in_pasted_text(client, db):
    OpenPositionFactory(title="Clerk\x0b with a vertical tab", summary="Line\x0c feed")
    ET.fromstring(client.get(reverse("jobs:feed")).content)


def test_board_in_english_by_default(client, board):
    html = client.get(reverse("jobs:board"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in html and "Job openings" in html


def test_indeed_feed_lists_open_positions(client, board):
    response = client.get(reverse("jobs:feed"))
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    jobs = root.findall("job")
    assert sorted(job.findtext("title") for job in jobs) == ["Bookkeeper", "Support specialist"]
    bookkeeper = next(job for job in jobs if job.findtext("title") == "Bookkeeper")
    assert bookkeeper.findtext("city") == "Bologna"
    assert bookkeeper.findtext("salary") == "24000-30000 EUR year"
    assert bookkeeper.findtext("url").endswith(board["open"].get_public_url())
    assert "Record supplier invoices" in bookkeeper.findtext("description")


def test_sitemap_lists_board_and_open_jobs(client, board):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/jobs/" in xml
    assert board["open"].get_public_url() in xml
    assert board["draft"].get_public_url() not in xml
    assert board["closed"].get_public_url() not in xml


def test_many_search_words_keep_one_row_per_position(client, db, django_assert_max_num_queries):
    OpenPositionFactory(title="Accounts clerk", duties=["Record invoices", "Record payments", "Record credit notes"])
    with django_assert_max_num_queries(3):
        response = client.get(reverse("jobs:board"), {"q": "record accounts clerk invoices payments notes"})
    assert [p.title for p in response.context["positions"]] == ["Accounts clerk"]
