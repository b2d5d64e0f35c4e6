"""The public job board and job pages: no login, in the visitor's language."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import feeds, selectors
from .forms import JobBoardFilterForm
from .jobposting import job_posting_json
from .models import Position
from .public_cache import cached_public_page

BOARD_PAGE_SIZE = 20


@require_GET
@cached_public_page
def job_board(request):
    form = JobBoardFilterForm(request.GET or None, locations=selectors.job_board_locations())
    # Invalid filter values (a tampered link) are ignored rather than refused.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    positions = selectors.job_board_positions(
        q=filters.get("q", ""),
        function=filters.get("function", ""),
        location=filters.get("location", ""),
        work_mode=filters.get("work_mode", ""),
    )
    page = Paginator(positions, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/job_board.html",
        {
            "form": form,
            "page_obj": page,
            "positions": page.object_list,
            "querystring": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


@require_GET
@cached_public_page
def job_detail(request, slug):
    try:
        position = selectors.public_position(slug)
    except Position.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "jobs/job_detail.html",
        {
            "position": position,
            "job_posting": job_posting_json(position) if position.accepts_applications else None,
            "closed_by_date": position.closing_date is not None and position.closing_date < timezone.localdate(),
        },
    )


@require_GET
@cached_public_page
def job_feed(request):
    return HttpResponse(feeds.indeed_xml(selectors.feed_positions()), content_type="application/xml; charset=utf-8")
