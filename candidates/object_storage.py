"""Résumés in S3-compatible object storage, for more than one web node (settings.OBJECT_STORAGE).

The bucket stays private: every object is written with the "private" ACL, and the storage has no URL at
all, so a résumé is served only by the view that checks who asks (candidates.views.resume), which streams
it. Without OBJECT_STORAGE résumés stay on the local disk under PRIVATE_MEDIA_ROOT (candidates/models.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateObjectStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Résumés have no URL; they are served by candidates:resume only.")


def build() -> PrivateObjectStorage:
    options = settings.OBJECT_STORAGE
    return PrivateObjectStorage(
        bucket_name=options["bucket"], endpoint_url=options["endpoint_url"], access_key=options["access_key"],
        secret_key=options["secret_key"], region_name=options["region"], location=options["prefix"],
        addressing_style=options["addressing_style"], default_acl="private", file_overwrite=False,
        querystring_auth=True, custom_domain=None,
    )


def listing(storage: PrivateObjectStorage, folder: str) -> Iterator[tuple[str, float]]:
    """(name, modified as a timestamp) of every object under `folder`, in pages of 1,000 (one request each)."""
    prefix = storage._normalize_name(folder.rstrip("/") + "/")  # the storage's own prefix in front
    cut = len(prefix) - len(folder.rstrip("/") + "/")
    for item in storage.bucket.objects.filter(Prefix=prefix):
        modified: datetime.datetime = item.last_modified
        yield item.key[cut:], modified.timestamp()
