"""Where Meta fetches our images from: one seam, two ways.

The Instagram Platform never receives image bytes from us: a container names an ``image_url``
and Meta's servers fetch it ("We cURL media used in publishing attempts so the media must be
hosted on a publicly accessible server at the time of the attempt"). A :class:`MediaHost` puts a
card somewhere public for a short while and takes it away after publishing:

* :class:`S3MediaHost`: an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, ...) with
  presigned GET URLs that expire; the bucket itself stays private.
* :class:`WebMediaHost`: `tipqueue web` serves the file at ``public_base_url`` under
  ``/media/<key>`` with an HMAC signature and an expiry time in the query string; an expired or
  altered link is refused (403).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from tipqueue.config.errors import SettingsError, TransientError

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
SECRET_ENV = "TIPQUEUE_MEDIA_SECRET"


@dataclass(frozen=True)
class HostedImage:
    """An image Meta can fetch until ``expires_at``."""

    key: str
    url: str
    expires_at: datetime


class MediaHost(Protocol):
    def put(self, image: Path, *, now: datetime) -> HostedImage: ...

    def remove(self, key: str) -> None: ...


def image_key(image: Path) -> str:
    """A fresh name for each upload: the bytes' digest (a re-render never serves an old card) and
    a random part, so two runners publishing the same card never remove each other's copy."""
    digest = hashlib.sha256(image.read_bytes()).hexdigest()[:16]
    suffix = image.suffix.lower() if image.suffix.lower() in (".jpg", ".jpeg", ".png") else ".jpg"
    return f"{digest}-{secrets.token_hex(4)}{suffix}"


# --- S3-compatible bucket ---


class S3MediaHost:
    """A private bucket; each image is reachable through a presigned GET URL for ``expires``."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "tipqueue/",
        expires: timedelta = timedelta(hours=1),
        endpoint_url: str | None = None,
        region: str | None = None,
        client: Any = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.expires = expires
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                config=Config(signature_version="s3v4", retries={"max_attempts": 2}),
            )
        self.client = client

    def put(self, image: Path, *, now: datetime) -> HostedImage:
        key = self.prefix + image_key(image)
        content_type = "image/png" if image.suffix.lower() == ".png" else "image/jpeg"
        try:
            self.client.upload_file(str(image), self.bucket, key, ExtraArgs={"ContentType": content_type})
            url = self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": key},
                ExpiresIn=int(self.expires.total_seconds()),
            )
        except Exception as exc:  # botocore's errors: the bucket is unreachable or refuses us
            raise TransientError(
                f"could not upload {image.name} to bucket {self.bucket!r} ({type(exc).__name__}); "
                "check [media_host] and the bucket's credentials",
            ) from exc
        return HostedImage(key, str(url), now + self.expires)

    def remove(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except Exception as exc:
            raise TransientError(
                f"could not remove {key} from bucket {self.bucket!r}: {type(exc).__name__}"
            ) from exc


# --- served by `tipqueue web` ---


def link_signature(secret: bytes, key: str, expires: int) -> str:
    return hmac.new(secret, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()


def check_link(secret: bytes, key: str, expires: str, signature: str, *, now: datetime) -> str | None:
    """Why a signed media link is refused, or None when it is good."""
    if not _KEY.match(key):
        return "no such media"
    try:
        until = int(expires)
    except ValueError:
        return "the link is damaged"
    if not hmac.compare_digest(link_signature(secret, key, until), signature or ""):
        return "the link's signature is wrong"
    if now.timestamp() > until:
        return "the link has expired"
    return None


def load_link_secret(path: Path, environ: dict[str, str] | None = None) -> bytes:
    """The secret signing media links: ``TIPQUEUE_MEDIA_SECRET``, else a 0600 file made once."""
    env = os.environ if environ is None else environ
    if env.get(SECRET_ENV):
        return env[SECRET_ENV].encode()
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_hex(32).encode())
    try:
        os.link(tmp, path)  # the first process to get here wins; the others read its secret
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes().strip()


class WebMediaHost:
    """Files in ``folder``, served by `tipqueue web` at ``public_base_url/media/<key>?expires=&sig=``."""

    def __init__(
        self, folder: Path, public_base_url: str, secret: bytes, *, expires: timedelta = timedelta(hours=1)
    ) -> None:
        if not re.match(r"^https?://", public_base_url):
            raise SettingsError(
                f"media_host.public_base_url = {public_base_url!r}: give the address Meta reaches "
                "`tipqueue web` at, e.g. 'https://media.clinic.example'"
            )
        self.folder = folder
        self.base = public_base_url.rstrip("/")
        self.secret = secret
        self.expires = expires

    def put(self, image: Path, *, now: datetime) -> HostedImage:
        key = image_key(image)
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / key
        tmp = target.with_suffix(".part")
        shutil.copyfile(image, tmp)
        os.replace(tmp, target)
        until = now + self.expires
        stamp = int(until.timestamp())
        sig = link_signature(self.secret, key, stamp)
        return HostedImage(key, f"{self.base}/media/{quote(key)}?expires={stamp}&sig={sig}", until)

    def remove(self, key: str) -> None:
        if _KEY.match(key):
            (self.folder / key).unlink(missing_ok=True)


def media_folder(workspace: Path) -> Path:
    """Where `tipqueue web` keeps the images it serves to Meta."""
    return workspace / "output" / "media-host"


def secret_path(workspace: Path) -> Path:
    return workspace / "sessions" / "media-link.key"


def utc_now() -> datetime:
    return datetime.now(UTC)
