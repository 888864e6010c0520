"""Staff roles as the pages name them in Chinese, the same on the notice board and in the
workbench (keyed by the role's value, as the public APIs and the tokens give it)."""

from __future__ import annotations

ROLE_NAMES = {
    "village_agent": "村代办员", "online_agent": "网上代办员", "grid_worker": "网格员",
    "town_clerk": "乡镇代办员", "county_coordinator": "县级代办协调员",
    "department_officer": "部门审批人员", "supervisor": "监督员", "admin": "系统管理员",
    "resident": "群众",
}
