"""The schema run found text holding U+0000 cut short on SQLite and a 500 on PostgreSQL:
it is refused at the edge now, naming where it was (README, API)."""

from __future__ import annotations

import requests

from conftest import Server


def _admin(server: Server) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.admin_token}"}


def test_a_body_string_holding_nul_is_422_naming_the_field(server):
    for path, body, field in [
        ("/api/v1/images/generate", {"prompt": "cat\x00dog"}, "prompt"),
        ("/api/v1/images/batch-generate", {"prompts": ["fine", "b\x00d"]}, "prompts[1]"),
        ("/api/v1/base/access_token", {"username": "ad\x00min", "password": "x"}, "username"),
        ("/api/v1/role/create", {"name": "dup\x00x", "permissions": []}, "name"),
    ]:
        reply = requests.post(f"{server.base_url}{path}", json=body, headers=_admin(server), timeout=10)
        assert reply.status_code == 422, (path, reply.text)
        assert reply.json()["field"] == field, (path, reply.text)


def test_a_query_or_path_holding_nul_is_refused(server):
    query = requests.get(f"{server.base_url}/api/v1/user/list?username=a%00", headers=_admin(server), timeout=10)
    assert query.status_code == 422 and query.json()["field"] == "username", query.text
    path = requests.get(f"{server.base_url}/api/v1/images/batch/a%00b/status", headers=_admin(server), timeout=10)
    assert path.status_code == 404, path.text
