"""Uploading a card to Instagram's private API: our bytes as they are, or through instagrapi.

instagrapi's ``photo_rupload`` always decodes the image and encodes it again as JPEG (quality
75), even when it changes nothing else; for our cards that was a quarter of the publish time
and a second lossy step. :func:`upload_photo` sends the card's own bytes when
:func:`instagram.images.sendable_as_is` says they already meet the limits, with the request
instagrapi would send (the same ``rupload_igphoto`` endpoint, headers and parameters through the
client's own session, so its hooks, proxy and timeouts apply); any other image goes through
``photo_rupload`` as before.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from tipqueue.instagram.images import sendable_as_is

_LOCK = threading.Lock()
_LAST_ID = [0]


def upload_photo(
    client: Any, path: Path, *, to_album: bool = False, for_story: bool = False
) -> tuple[str, int, int]:
    """Upload ``path``; (upload id, width, height) as ``photo_rupload`` returns them."""
    size = sendable_as_is(path, story=for_story)
    if size is None:
        upload_id, width, height = client.photo_rupload(path, to_album=to_album, for_story=for_story)
        return str(upload_id), int(width), int(height)
    data = path.read_bytes()
    upload_id = _new_upload_id()
    name = f"{upload_id}_0_{random.randint(1_000_000_000, 9_999_999_999)}"
    params = {
        "retry_context": json.dumps(
            {"num_step_auto_retry": 0, "num_reupload": 0, "num_step_manual_retry": 0}
        ),
        "media_type": "1",
        "xsharing_user_ids": "[]",
        "upload_id": upload_id,
        "image_compression": json.dumps({"lib_name": "moz", "lib_version": "3.1.m", "quality": "80"}),
    }
    if to_album:
        params["is_sidecar"] = "1"
    headers = client.private_headers(
        {
            "Accept-Encoding": "gzip",
            "X-Instagram-Rupload-Params": json.dumps(params),
            "X_FB_PHOTO_WATERFALL_ID": str(uuid.uuid4()),
            "X-Entity-Type": "image/jpeg",
            "Offset": "0",
            "X-Entity-Name": name,
            "X-Entity-Length": str(len(data)),
            "Content-Type": "application/octet-stream",
            "Content-Length": str(len(data)),
        }
    )
    from instagrapi import config

    response = client.private.post(
        f"https://{config.API_DOMAIN}/rupload_igphoto/{name}", data=data, headers=headers
    )
    if response.status_code != 200:
        from instagrapi.exceptions import PhotoNotUpload

        raise PhotoNotUpload(response.text, response=response)  # mapped as instagrapi's own failure
    width, height = size
    return upload_id, width, height


def _new_upload_id() -> str:
    """Milliseconds since the epoch, as instagrapi makes them, but never the same twice in a process
    (our uploads are fast enough that two slides of a carousel could share a millisecond)."""
    with _LOCK:
        now = int(time.time() * 1000)
        _LAST_ID[0] = max(now, _LAST_ID[0] + 1)
        return str(_LAST_ID[0])
