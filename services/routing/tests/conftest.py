"""A small county as import files, for the unit and the integration tests of routing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

PLACES = """code,name,parent_code,distance_km,active
{c},示范区,,,true
{c}001,城关街道,{c},1.5,true
{c}001001,城关社区,{c}001,0.8,true
{c}107,汤河口镇,{c},68.0,true
{c}107201,汤河口村,{c}107,2.0,true
{c}107202,二号沟门村,{c}107,20.0,true
"""
DEPARTMENTS = """county_code,code,name,active
{c},CL,区残疾人联合会,true
{c},MZ,区民政局,true
{c},RS,区人力资源和社会保障局,true
"""
STATIONS = """code,place_code,name,phone,active
{c}-01,{c},区政务服务中心,010-69644000,true
{c}001-01,{c}001,城关街道便民服务中心,,true
{c}001001-01,{c}001001,城关社区便民服务室,,true
{c}107-01,{c}107,汤河口镇便民服务中心,010-69600107,true
{c}107201-01,{c}107201,"汤河口村便民服务室, 代办点",,true
{c}107202-01,{c}107202,二号沟门村便民服务室,,true
"""
STAFF = """staff_id,name,phone,role,station_code,skills,partner_id,duty,active
{c}-0001,王建国,13800000001,admin,{c}-01,,,on_duty,true
{c}-0002,李秀英,13800000002,county_coordinator,{c}-01,MZ;RS,{c}-0003,on_duty,true
{c}-0003,张桂兰,13800000003,county_coordinator,{c}-01,CL;MZ,{c}-0002,on_duty,true
{c}-0004,杜雪琴,13800000004,town_clerk,{c}107-01,CL;MZ;RS,{c}-0005,on_duty,true
{c}-0005,刘志强,13800000005,town_clerk,{c}107-01,MZ;RS,{c}-0004,absent,true
{c}-0006,于国云,13800000006,village_agent,{c}107202-01,MZ;RS,{c}-0007,on_duty,true
{c}-0007,陈海燕,13800000007,online_agent,{c}107202-01,CL;MZ,{c}-0006,on_duty,true
{c}-0008,赵立新,13800000008,grid_worker,{c}107202-01,,,on_duty,true
{c}-0009,孙红梅,13800000009,village_agent,{c}107201-01,MZ;RS,,on_duty,false
{c}-0010,周丽华,13800000010,department_officer,{c}-01,MZ,{c}-0011,on_duty,true
{c}-0011,吴文静,13800000011,department_officer,{c}-01,MZ,{c}-0010,on_duty,true
"""
FILES = {"places": PLACES, "departments": DEPARTMENTS, "stations": STATIONS, "staff": STAFF}
CountyFiles = Callable[[str], dict[str, bytes]]


def county_files_for(county: str) -> dict[str, bytes]:
    """The canonical CSV files of a small county with this 6-digit code, by kind."""
    return {noun: text.format(c=county).encode() for noun, text in FILES.items()}


@pytest.fixture
def county_files() -> CountyFiles:
    """Builds the canonical CSV files of a small county (two towns, three villages)."""
    return county_files_for
