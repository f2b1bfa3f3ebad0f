"""Photo files, served only after a scoping check: never a public or guessable URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from baolian.accounts.scoping import get_for_user
from baolian.photos.models import Photo

# Private: a shared proxy must never keep one user's evidence for another. A photo never
# changes once stored, so the user's own browser may keep it for a day.
CACHE_CONTROL = "private, max-age=86400"


def _serve(request: HttpRequest, pk: int, *, original: bool) -> FileResponse:
    photo = get_for_user(request.user, Photo.objects.all(), pk)
    use_original = original or not photo.display
    name = photo.original.name if use_original else photo.display.name
    try:
        handle = default_storage.open(name, "rb")
    except OSError as exc:  # the file is gone from the storage: nothing to show
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=photo.content_type if use_original else "image/jpeg",
        # The original downloads under the name it came with (the stored name is random).
        as_attachment=original,
        filename=(photo.original_name or name.rsplit("/", 1)[-1]) if original else None,
    )
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def photo_display(request: HttpRequest, pk: int) -> FileResponse:
    """The display copy (orientation applied, screen-sized) for pages."""
    return _serve(request, pk, original=False)


@require_GET
@login_required
def photo_original(request: HttpRequest, pk: int) -> FileResponse:
    """The original file byte for byte, as evidence, downloaded under its own name."""
    return _serve(request, pk, original=True)
