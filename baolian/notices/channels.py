"""Delivery channels: e-mail through Django's mail backends, and chat-group robots.

The robot payloads are the "markdown"/"text" messages that WeCom (企业微信), DingTalk (钉钉)
and Feishu/Lark (飞书) group robots accept on their webhook URL.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from baolian.notices.models import ChatFlavour

# A chat robot rejects longer messages (WeCom markdown: 4096 bytes of UTF-8); cut well before.
MAX_CHAT_BYTES = 3500


def _cut(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= MAX_CHAT_BYTES:
        return text
    return data[: MAX_CHAT_BYTES - 3].decode("utf-8", "ignore") + "…"


def absolute(link: str) -> str:
    """A link people can open from an e-mail or a chat: needs the server's own address."""
    base = getattr(settings, "BAOLIAN_SITE_URL", "").rstrip("/")
    if not link or link.startswith(("http://", "https://")) or not base:
        return link
    return base + link


def chat_payload(flavour: str, *, subject: str, body: str, link: str = "") -> dict[str, object]:
    text = _cut(body)
    url = absolute(link)
    if flavour == ChatFlavour.WECOM:
        content = f"**{subject}**\n{text}" + (f"\n[查看详情]({url})" if url else "")
        return {"msgtype": "markdown", "markdown": {"content": content}}
    if flavour == ChatFlavour.DINGTALK:
        content = f"### {subject}\n\n{text}" + (f"\n\n[查看详情]({url})" if url else "")
        return {"msgtype": "markdown", "markdown": {"title": subject, "text": content}}
    if flavour == ChatFlavour.FEISHU:
        content = f"{subject}\n{text}" + (f"\n{url}" if url else "")
        return {"msg_type": "text", "content": {"text": content}}
    raise ValueError(flavour)


@dataclass
class Delivery:
    status: int | None
    error: str


def post_chat(url: str, payload: dict[str, object]) -> Delivery:
    """POST the payload; the robots answer 200 with an error code in the body on refusal."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    timeout = getattr(settings, "BAOLIAN_WEBHOOK_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = response.read(4096).decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as exc:
        return Delivery(exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Delivery(None, str(exc)[:300])
    try:
        reply = json.loads(answer)
    except ValueError:
        reply = {}
    # WeCom/DingTalk: {"errcode": 0}; Feishu: {"code": 0} (older: {"StatusCode": 0}).
    code = reply.get("errcode", reply.get("code", reply.get("StatusCode", 0))) if reply else 0
    if code not in (0, None):
        message = reply.get("errmsg") or reply.get("msg") or ""
        return Delivery(status, f"{code} {message}"[:300])
    return Delivery(status, "")


def send_email(*, to: str, subject: str, body: str, link: str = "") -> str:
    """'' when sent, else the reason (the notice stays in the inbox either way)."""
    url = absolute(link)
    text = body + (f"\n\n{url}" if url else "")
    try:
        send_mail(subject, text, None, [to], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 — any backend failure is recorded, not raised
        return str(exc)[:300] or exc.__class__.__name__
    return ""
