import time
import json
from tests.api.conftest import valid_case, VILLAGE, ELSEWHERE

async def test_probe(services):
    t = time.perf_counter()
    s = services["intake"]
    c = s.client
    h = s.auth()
    async def show(label, r):
        print(label, r.status_code, r.headers.get("content-type"), dict(r.headers).get("allow"), r.text[:300])
    await show("ok-outside", await c.post("/v1/cases", json=valid_case(), headers=h))
    await show("notjson", await c.post("/v1/cases", content=b"{", headers={**h, "content-type": "application/json"}))
    await show("list", await c.post("/v1/cases", json=[], headers=h))
    await show("textplain", await c.post("/v1/cases", content=json.dumps(valid_case()).encode(), headers={**h, "content-type": "text/plain"}))
    async def gen():
        for _ in range(10):
            yield b"x" * 500
    await show("chunked", await c.post("/v1/cases", content=gen(), headers={**h, "content-type": "application/json"}))
    await show("big", await c.post("/v1/cases", content=b"x" * 3000, headers={**h, "content-type": "application/json"}))
    await show("idem", await c.post("/v1/cases", json=valid_case(), headers={**h, "Idempotency-Key": "bad key!"}))
    await show("extra", await c.post("/v1/cases", json=valid_case(foo=1), headers=h))
    b = valid_case(); b["applicant"]["id_number"] = "110105194912310021"
    await show("idcheck", await c.post("/v1/cases", json=b, headers=h))
    b = valid_case(); b["applicant"]["phone"] = "١٣٨٠٠١٣٨٠٠٠"
    await show("phone-arabic", await c.post("/v1/cases", json=b, headers=h))
    await show("village-arabic", await c.post("/v1/cases", json=valid_case(village_code="١١٠١١٦١٠٤٢٠١"), headers=h))
    b = valid_case(village_code=VILLAGE); b["applicant"]["name"] = "a\x00b"
    await show("nul", await c.post("/v1/cases", json=b, headers=h))
    b = valid_case(village_code=VILLAGE); b["applicant"]["name"] = "a\ud800b"
    await show("surrogate", await c.post("/v1/cases", content=json.dumps(b).encode(), headers={**h, "content-type": "application/json"}))
    await show("405", await c.delete("/v1/cases", headers=h))
    await show("404", await c.get("/v1/nope", headers=h))
    await show("sub-empty", await c.post("/v1/cases", json=valid_case(village_code=VILLAGE), headers={"Authorization": "Bearer " + s.signed(s.claims(sub=""))}))
    await show("sub-long", await c.post("/v1/cases", json=valid_case(village_code=VILLAGE), headers={"Authorization": "Bearer " + s.signed(s.claims(sub="x"*65))}))
    await show("place-arabic", await c.get("/v1/cases/110116-20240101-000001", headers={"Authorization": "Bearer " + s.signed(s.claims(place="١١٠١١٦"))}))
    a = services["audit"].client
    ha = services["audit"].auth()
    import base64
    for cur in [{"seq": "abc"}, {"seq": None}, {"seq": 10**20}, {"seq": [1]}]:
        enc = base64.urlsafe_b64encode(json.dumps(cur).encode()).decode()
        await show(f"cursor {cur}", await a.get("/v1/ledger", params={"subject": "x", "cursor": enc}, headers=ha))
    await show("cursor-garbage", await a.get("/v1/ledger", params={"subject": "x", "cursor": "!!!"}, headers=ha))
    await show("subject-nul", await a.get("/v1/ledger", params={"subject": "a\x00"}, headers=ha))
    n = services["notify"].client
    await show("notify-nul", await n.get("/v1/notifications", params={"case_number": "a\x00"}, headers=ha))
    print("elapsed", time.perf_counter() - t)
