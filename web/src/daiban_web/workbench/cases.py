"""A case in the workbench, under ``/workbench/cases/``:

- ``new``: find the matter (by name), then the applicant, the channel and the village;
- ``{number}``: the case's page: its checklist (mark each paper, upload a scan from a phone's
  camera), pre-review and the one-time notice, the supplement, the relay (hand over, receive,
  decide, deliver), the receipt, its clocks, and its history from the ledger;
- ``{number}/notices/{seq}``: the notice itself, as a page to print on A4 (or its PDF).

Every action is a form posted here and sent on to the API with the member's token; a refusal is
shown on the page, each field's reason next to the field. A form carries the session's form
token, and the actions that create something an idempotency key, so a form sent twice acts once.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.china import CHINA
from daiban_web.pages import china_today, relative_root, render
from daiban_web.workbench import wording
from daiban_web.workbench.session import Member, SignedIn, check_form
from daiban_web.workbench.staff_api import ApiRefused, StaffApi

router = APIRouter(prefix="/workbench/cases")
CaseNumber = Annotated[str, PathParam(pattern=CASE_NUMBER)]
Item = Annotated[int, PathParam(ge=1, le=100)]
HandoverId = Annotated[str, PathParam(pattern=r"^[0-9a-zA-Z-]{1,64}$")]
Csrf = Annotated[str | None, Form()]
Key = Annotated[str | None, Form(max_length=64)]
Text = Annotated[str | None, Form(max_length=500)]
SCAN_TYPES = {"image/jpeg", "image/png", "application/pdf"}
MAX_SCAN_BYTES = 10 * 1024 * 1024
"""The largest scan the workbench takes: intake's (``ATTACHMENT_MAX_BYTES``, 10 MiB by default).
The gateway and the Ingress let the two forms that carry a scan, and intake's upload route, pass
a little more (10 MiB + 128 KiB: deploy/gateway/nginx.conf.template, deploy/k8s/base/ingress.yaml)
so that the web and intake are the ones that refuse a larger file."""
MATTER_CODE = re.compile(r"[A-Z0-9][A-Z0-9_.-]{0,63}")
"""A matter's code as intake takes it in its URLs (``daiban_intake.domain.matter_records``
``MATTER_CODE``; the web reads intake over HTTP and does not import it)."""
WORDING = {"flow_states": wording.FLOW_STATES, "statuses": wording.CASE_STATUSES,
           "material_states": wording.MATERIAL_STATES, "lights": wording.LIGHTS,
           "tiers": wording.TIERS, "channels": wording.CHANNELS,
           "special_groups": wording.SPECIAL_GROUPS, "outcomes": wording.OUTCOMES,
           "deliveries": wording.DELIVERIES, "events": wording.EVENTS,
           "hints": wording.FIELD_HINTS}


def _api(request: Request, member: Member) -> StaffApi:
    return StaffApi(request.app.state.client, member)


def _blank(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


# --- opening a case ---------------------------------------------------------------------------

@router.get("/new", response_class=HTMLResponse)
async def new_case(request: Request, member: SignedIn, q: str | None = None,
                   matter: str | None = None) -> Response:
    return await _new_case_page(request, member, q=q, matter_code=matter)


async def _new_case_page(request: Request, member: Member, *, q: str | None,
                         matter_code: str | None, sent: dict[str, Any] | None = None,
                         refused: ApiRefused | None = None) -> Response:
    api = _api(request, member)
    found: list[Any] = []
    matter = None
    problem = refused
    if matter_code and not MATTER_CODE.fullmatch(matter_code):
        problem = problem or ApiRefused(
            status=422, title="事项代码无效",
            detail="事项代码由大写字母、数字和 - _ . 组成，如 MZ-001；请按名称重新查找事项。")
    elif matter_code:
        try:
            matter = await api.get(f"/api/intake/v1/public/matters/{matter_code}")
        except ApiRefused as not_found:
            problem = problem or not_found
    elif q is not None:
        try:
            found = (await api.get("/api/intake/v1/public/matters",
                                   {"q": q, "limit": 50}))["items"]
        except ApiRefused as bad:
            problem = bad
    village = member.place if member.tier == "village" else ""
    return render(request, "workbench/new_case.html", {
        **WORDING, "member": member, "q": q or "", "found": found, "matter": matter,
        "sent": sent or {"village_code": village, "channel": "station"},
        "problem": problem, "fields": problem.fields if problem else {},
        "key": uuid.uuid4().hex}, status_code=problem.status if problem else 200)


@router.post("/new", response_class=HTMLResponse)
async def open_case(
    request: Request, member: SignedIn, csrf: Csrf = None, key: Key = None,
    matter_code: Annotated[str, Form(max_length=64)] = "",
    village_code: Annotated[str, Form(max_length=20)] = "",
    channel: Annotated[str, Form(max_length=20)] = "station",
    name: Annotated[str, Form(max_length=100)] = "",
    id_number: Annotated[str, Form(max_length=40)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    special_groups: Annotated[list[str] | None, Form()] = None,
) -> Response:
    check_form(member, csrf)
    sent = {"matter_code": matter_code, "village_code": village_code.strip(),
            "channel": channel, "name": name.strip(), "id_number": id_number.strip(),
            "phone": phone.strip(), "special_groups": special_groups or []}
    body = {"matter_code": matter_code, "village_code": sent["village_code"],
            "channel": channel, "applicant": {
                "name": sent["name"], "id_number": sent["id_number"], "phone": sent["phone"],
                "special_groups": sent["special_groups"]}}
    try:
        case = await _api(request, member).post("/api/intake/v1/cases", body,
                                                idempotency_key=key)
    except ApiRefused as refused:
        return await _new_case_page(request, member, q=None, matter_code=matter_code,
                                    sent=sent, refused=refused)
    return RedirectResponse(case["number"], status_code=303)


# --- the case's page --------------------------------------------------------------------------

@router.get("/{number}", response_class=HTMLResponse)
async def case_page(request: Request, member: SignedIn, number: CaseNumber) -> Response:
    """The case's page; the refusal of the last action, if any, shown on it (once)."""
    kept = request.session.pop("refused", None)
    refused = ApiRefused(**kept) if isinstance(kept, dict) else None
    return await _case_page(request, member, number, refused)


async def _case_page(request: Request, member: Member, number: str,
                     refused: ApiRefused | None) -> Response:
    api = _api(request, member)
    try:
        case = await api.get(f"/api/intake/v1/cases/{number}")
    except ApiRefused as missing:
        if missing.status == 404:
            return render(request, "not_found.html", status_code=404)
        raise
    relay, clocks, ledger = await asyncio.gather(
        _or_none(api.get(f"/api/routing/v1/cases/{number}")),
        _or_none(api.get(f"/api/sla/v1/cases/{number}/clocks")),
        _or_none(api.get("/api/audit/v1/ledger", {"subject": number, "limit": 200})))
    history = (ledger or {}).get("items", [])
    return render(request, "workbench/case.html", {
        **WORDING, "member": member, "case": case, "relay": relay,
        "clocks": clocks, "history": history, "names": staff_names(history),
        "can": _can(member, case, relay), "today": china_today(request).isoformat(),
        "max_scan_bytes": MAX_SCAN_BYTES,
        "problem": refused, "fields": refused.fields if refused else {},
        "key": uuid.uuid4().hex, "china": CHINA},
        status_code=refused.status if refused else 200)


def staff_names(history: list[dict[str, Any]]) -> dict[str, str]:
    """Each member the ledger's history names, by id: who acted, and the people an entry's data
    names (``case.assigned``'s assignee, as routing's staff records name them), so that every
    line and the relay's holder, which routing gives by id only, are shown by name."""
    names: dict[str, str] = {}
    for entry in history:
        who = entry.get("who") or {}
        people = [{"staff_id": who.get("staff_id"), "name": who.get("staff_name")},
                  *(v for v in (entry.get("data") or {}).values() if isinstance(v, dict))]
        for person in people:
            staff_id, name = person.get("staff_id"), person.get("name")
            if isinstance(staff_id, str) and isinstance(name, str) and name:
                names.setdefault(staff_id, name)
    return names


async def _or_none(call: Any) -> Any:
    """The answer, or None where the service does not know the case (yet)."""
    try:
        return await call
    except ApiRefused as refused:
        if refused.status in (403, 404):
            return None
        raise


def _can(member: Member, case: dict[str, Any], relay: dict[str, Any] | None) -> set[str]:
    """What the page offers the member next; the APIs decide, this only chooses the buttons."""
    can: set[str] = set()
    status = case["status"]
    if member.tier == "village" and status in ("submitted", "incomplete", "supplemented",
                                               "returned"):
        can.add("checklist")
        can.add("review" if status == "submitted" else "supplement")
        if case.get("matter", {}).get("authorization_required") and not case.get(
                "authorization"):
            can.add("authorization")
    if relay is None:
        return can
    state, tier = relay["state"], relay.get("tier")
    handover = relay.get("handover")
    if handover and handover.get("status") == "pending" and handover["to_tier"] == member.tier:
        can.add("acknowledge")
    if state.startswith("at_") and tier == member.tier:
        if tier != "village":
            can.add("return")
        route = relay.get("route") or {}
        if route.get("deciding_tier") == tier:
            can.add("decide")
        else:
            can.add("hand_over")
    if state == "decided" and tier == member.tier and tier != "village":
        can.add("hand_down")
    if (member.tier == "village" and state in ("result_at_village",)) or (
            state == "decided" and tier == "village" == member.tier):
        can.add("deliver")
    if member.tier == "village" and status == "delivered" and case.get("receipt") is None:
        can.add("receipt")
    return can


async def _act(request: Request, member: Member, number: str, call: Any) -> Response:
    """Run ``call`` and come back to the case's page, which shows a refusal (kept for it in the
    session: what the service said, never what was typed)."""
    try:
        await call
    except ApiRefused as refused:
        request.session["refused"] = asdict(refused)
    return RedirectResponse(_back_to_case(request, number), status_code=303)


def _back_to_case(request: Request, number: str) -> str:
    """The case's page, relative to the action's address (``N/materials/3`` → ``../../N``)."""
    after = request.url.path.split("/workbench/cases/", 1)[1]
    return "../" * after.count("/") + number


@router.post("/{number}/materials/{item}", response_class=HTMLResponse)
async def mark_material(request: Request, member: SignedIn, number: CaseNumber, item: Item,
                        state: Annotated[str, Form(max_length=20)], csrf: Csrf = None,
                        note: Text = None) -> Response:
    check_form(member, csrf)
    body = {"state": state, "note": _blank(note)}
    return await _act(request, member, number, _api(request, member).put(
        f"/api/intake/v1/cases/{number}/materials/{item}", body))


@router.post("/{number}/materials/{item}/scan", response_class=HTMLResponse)
async def upload_scan(request: Request, member: SignedIn, number: CaseNumber, item: Item,
                      scan: Annotated[UploadFile, File()], csrf: Csrf = None) -> Response:
    check_form(member, csrf)
    content = await _scan_content(request, scan, f"scan.{item}", number)
    if content is None:
        return RedirectResponse(_back_to_case(request, number), status_code=303)
    api = _api(request, member)

    async def upload_then_mark() -> None:
        await api.upload(f"/api/intake/v1/cases/{number}/attachments", content,
                         str(scan.content_type), {"item": item, "filename": _filename(scan)})
        case = await api.get(f"/api/intake/v1/cases/{number}")
        checklist = case["checklist"]
        if item <= len(checklist) and checklist[item - 1]["state"] == "missing":
            # a scan is the paper provided; one already seen in the original stays so
            await api.put(f"/api/intake/v1/cases/{number}/materials/{item}",
                          {"state": "provided"})

    return await _act(request, member, number, upload_then_mark())


def _filename(scan: UploadFile) -> str:
    name = (scan.filename or "scan").replace("/", "_").replace("\\", "_")
    return "".join(ch for ch in name if ch.isprintable())[:200] or "scan"


@router.post("/{number}/authorization", response_class=HTMLResponse)
async def record_authorization(
    request: Request, member: SignedIn, number: CaseNumber,
    scan: Annotated[UploadFile, File()], csrf: Csrf = None, key: Key = None,
    agent_name: Annotated[str, Form(max_length=100)] = "",
    signed_on: Annotated[str, Form(max_length=20)] = "",
    countersigned_by: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """The resident's signed power of attorney (授权委托书): its scan, then the record."""
    check_form(member, csrf)
    content = await _scan_content(request, scan, "authorization", number)
    if content is None:
        return RedirectResponse(_back_to_case(request, number), status_code=303)
    api = _api(request, member)

    async def upload_then_record() -> None:
        attachment = await api.upload(f"/api/intake/v1/cases/{number}/attachments", content,
                                      str(scan.content_type), {"filename": _filename(scan)})
        await api.post(f"/api/intake/v1/cases/{number}/authorization", {
            "agent_name": agent_name.strip(), "signed_on": signed_on.strip() or None,
            "countersigned_by": countersigned_by.strip(),
            "scan_attachment_id": attachment["id"]}, idempotency_key=key)

    return await _act(request, member, number, upload_then_record())


async def _scan_content(request: Request, scan: UploadFile, field: str,
                        number: str) -> bytes | None:
    """The scan's bytes; None (and the refusal kept for the case's page) when it is empty, too
    big or not a JPEG, PNG or PDF."""
    content = await scan.read(MAX_SCAN_BYTES + 1)
    if content and len(content) <= MAX_SCAN_BYTES and scan.content_type in SCAN_TYPES:
        return content
    request.session["refused"] = asdict(ApiRefused(
        status=422, title="扫描件不能上传",
        detail="请上传 10 MB 以内的 JPEG、PNG 照片或 PDF 文件",
        fields={field: "JPEG, PNG or PDF up to 10 MB"}))
    return None


@router.post("/{number}/review", response_class=HTMLResponse)
async def review(request: Request, member: SignedIn, number: CaseNumber, csrf: Csrf = None,
                 key: Key = None, supplement_by: Annotated[str | None, Form()] = None
                 ) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/intake/v1/cases/{number}/review", {"supplement_by": _blank(supplement_by)},
        idempotency_key=key))


@router.post("/{number}/supplement", response_class=HTMLResponse)
async def supplement(request: Request, member: SignedIn, number: CaseNumber,
                     csrf: Csrf = None, key: Key = None,
                     supplement_by: Annotated[str | None, Form()] = None) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/intake/v1/cases/{number}/supplement", {"supplement_by": _blank(supplement_by)},
        idempotency_key=key))


@router.post("/{number}/handover", response_class=HTMLResponse)
async def hand_over(request: Request, member: SignedIn, number: CaseNumber, csrf: Csrf = None,
                    key: Key = None) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/routing/v1/cases/{number}/handovers", {}, idempotency_key=key))


@router.post("/{number}/handovers/{handover_id}/acknowledge", response_class=HTMLResponse)
async def acknowledge(request: Request, member: SignedIn, number: CaseNumber,
                      handover_id: HandoverId, csrf: Csrf = None) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/routing/v1/cases/{number}/handovers/{handover_id}/acknowledge"))


@router.post("/{number}/return", response_class=HTMLResponse)
async def return_for_correction(request: Request, member: SignedIn, number: CaseNumber,
                                csrf: Csrf = None,
                                reasons: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Back to the village for correction (退回补正): one line per item, ``材料：原因``."""
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/routing/v1/cases/{number}/return", {"reasons": return_reasons(reasons)}))


def return_reasons(text: str) -> list[dict[str, str]]:
    """``户口簿：页码不全`` a line → ``{"name": "户口簿", "reason": "页码不全"}``; a line with no
    reason says only what to correct."""
    reasons = []
    for line in text.splitlines():
        name, _, reason = line.replace("：", ":", 1).partition(":")
        if name.strip():
            reasons.append({"name": name.strip(), "reason": reason.strip() or "请补正"})
    return reasons


@router.post("/{number}/decision", response_class=HTMLResponse)
async def decide(request: Request, member: SignedIn, number: CaseNumber, csrf: Csrf = None,
                 outcome: Annotated[str, Form(max_length=20)] = "", reason: Text = None
                 ) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/routing/v1/cases/{number}/decision",
        {"outcome": outcome, "reason": _blank(reason)}))


@router.post("/{number}/delivery", response_class=HTMLResponse)
async def deliver(request: Request, member: SignedIn, number: CaseNumber, csrf: Csrf = None,
                  delivery: Annotated[str, Form(max_length=20)] = "",
                  delivered_on: Annotated[str | None, Form()] = None,
                  tracking_number: Annotated[str | None, Form(max_length=64)] = None
                  ) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/routing/v1/cases/{number}/delivery",
        {"delivery": delivery, "delivered_on": _blank(delivered_on),
         "tracking_number": _blank(tracking_number)}))


@router.post("/{number}/receipt", response_class=HTMLResponse)
async def receipt(request: Request, member: SignedIn, number: CaseNumber, csrf: Csrf = None,
                  key: Key = None, received_on: Annotated[str | None, Form()] = None,
                  feedback: Text = None,
                  signed: Annotated[str | None, Form(max_length=5)] = None) -> Response:
    check_form(member, csrf)
    return await _act(request, member, number, _api(request, member).post(
        f"/api/intake/v1/cases/{number}/receipt",
        {"signed": signed == "yes", "received_on": _blank(received_on),
         "feedback": _blank(feedback)}, idempotency_key=key))


# --- the one-time notice ----------------------------------------------------------------------

def print_bar(request: Request) -> str:
    """What the notice's page gets in its head: our font, the print styles and the print
    button, relative to the page."""
    root = relative_root(request)
    return (f'<link rel="stylesheet" href="{root}assets/fonts.css">'
            f'<link rel="stylesheet" href="{root}assets/notice.css">'
            f'<script src="{root}assets/notice.js" defer></script>')


@router.get("/{number}/notices/{seq}.pdf")
async def notice_pdf(request: Request, member: SignedIn, number: CaseNumber,
                     seq: Annotated[int, PathParam(ge=1, le=1000)]) -> Response:
    response = await _api(request, member).raw(f"/api/intake/v1/cases/{number}/notices/{seq}.pdf")
    if response.status_code != 200:
        return render(request, "not_found.html", status_code=404)
    return Response(response.content, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="notice-{number}-{seq}.pdf"'})


@router.get("/{number}/notices/{seq}", response_class=HTMLResponse)
async def notice(request: Request, member: SignedIn, number: CaseNumber,
                 seq: Annotated[int, PathParam(ge=1, le=1000)]) -> Response:
    """The notice as intake renders it (the same words as its PDF), with our font and a print
    button; it prints on A4."""
    response = await _api(request, member).raw(f"/api/intake/v1/cases/{number}/notices/{seq}.html")
    if response.status_code != 200:
        return render(request, "not_found.html", status_code=404)
    page = response.text.replace("</head>", print_bar(request) + "</head>", 1)
    return HTMLResponse(page)
