"""deploy/grafana and deploy/prometheus: every query asks for metrics the services really export.

The source of truth is the set of prometheus_client collectors in
``daiban_common.observability``: a counter is exposed as ``<name>_total``, a histogram as
``<name>_bucket`` (with ``le``), ``<name>_sum`` and ``<name>_count``, a gauge as ``<name>``. Every
PromQL expression in the dashboards (panel targets and template-variable queries) and in the alert
rules may only select those names, and only with their labels (plus ``le`` on buckets and the
target labels ``job`` and ``instance``); ``by``/``without``/``on``/``ignoring``/``group_*`` may only
name labels of the metrics they aggregate or match.

PromQL is read by ``promql-parser`` (the Rust parser's Python binding) when it is installed, and
otherwise by the careful tokenizer below; when both are there, a test checks that they agree. When
``promtool`` (Debian package ``prometheus``) is on PATH, the real Prometheus parser checks the
configuration, the rules and every dashboard expression too. No network, no running server.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from daiban_common import observability
from daiban_notify import metrics as notify_metrics
from daiban_sla import metrics as sla_metrics

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_DIR = ROOT / "deploy" / "grafana" / "dashboards"
PROVISIONING = ROOT / "deploy" / "grafana" / "provisioning"
PROMETHEUS_YML = ROOT / "deploy" / "prometheus" / "prometheus.yml"
RULES_YML = ROOT / "deploy" / "prometheus" / "rules.yml"
K8S_ALERTS = ROOT / "deploy" / "k8s" / "components" / "monitoring" / "alerts.yaml"

SERVICES = ("intake", "routing", "sla", "audit", "notify")
# scripts/run.sh: <SERVICE>_PORT 8101..8105 and <SERVICE>_METRICS_PORT 9101..9105, in this order.
API_PORTS = {svc: 8101 + i for i, svc in enumerate(SERVICES)}
WORKER_PORTS = {svc: 9101 + i for i, svc in enumerate(SERVICES)}
EXPECTED_DASHBOARDS = {
    "daiban-overview": "Daiban — platform overview",
    "daiban-events": "Daiban — event backbone",
}
OUTCOMES = {"applied", "duplicate", "failed", "parked", "ignored"}
TARGET_LABELS = {"job", "instance"}
DATASOURCE_REF = {"type": "prometheus", "uid": "${datasource}"}
PANEL_TYPES = {"timeseries", "stat"}
SCHEMA_VERSION = 39
CJK = re.compile(r"[\u4e00-\u9fff]")
VAR_PLACEHOLDER = "__grafana_var__"
GRAFANA_DURATIONS = {"__rate_interval", "__interval", "__range", "__range_s", "__interval_ms",
                     "__range_ms"}
GRAFANA_BUILTINS = GRAFANA_DURATIONS | {"__name", "__org", "__user", "__dashboard", "__from",
                                        "__to", "__timeFilter"}

Obj = dict[str, Any]


# ----------------------------------------------------------------------------- exported metrics


@dataclass(frozen=True)
class Exposed:
    family: str  # the collector's name as prometheus_client describes it
    labels: frozenset[str]  # the labels a selector may use (metric + target labels)


def _exposed_metrics() -> dict[str, Exposed]:
    """Series names and their labels, from the shared collectors and the services' own."""
    out: dict[str, Exposed] = {}
    for obj in [*vars(observability).values(), *vars(sla_metrics).values(),
                *vars(notify_metrics).values()]:
        if not isinstance(obj, MetricWrapperBase):
            continue
        (family,) = obj.describe()
        labels = frozenset(obj._labelnames) | TARGET_LABELS
        if family.type == "counter":  # described without the suffix it is exposed with
            names = {f"{family.name}_total": labels}
        elif family.type == "gauge":
            names = {family.name: labels}
        elif family.type == "histogram":
            names = {f"{family.name}_bucket": labels | {"le"}, f"{family.name}_sum": labels,
                     f"{family.name}_count": labels}
        elif family.type == "summary":
            names = {family.name: labels | {"quantile"}, f"{family.name}_sum": labels,
                     f"{family.name}_count": labels}
        else:
            pytest.fail(f"{family.name}: teach this test how a {family.type} is exposed")
        out.update({name: Exposed(family.name, frozenset(ls)) for name, ls in names.items()})
    return out


METRICS = _exposed_metrics()
FAMILIES = {m.family for m in METRICS.values()}


def test_the_metrics_are_read_from_the_collectors() -> None:
    """The collectors are found and named as the exposition names them."""
    assert "daiban_http_requests_total" in METRICS
    assert "daiban_http_request_duration_seconds_bucket" in METRICS
    assert "daiban_http_request_duration_seconds" not in METRICS  # a histogram has no bare series
    assert "daiban_http_requests" not in METRICS  # a counter is exposed with _total
    assert METRICS["daiban_events_consumed_total"].labels == {
        "service", "type", "outcome", "job", "instance"}
    assert "le" in METRICS["daiban_event_handler_duration_seconds_bucket"].labels
    assert "le" not in METRICS["daiban_event_handler_duration_seconds_count"].labels


# ----------------------------------------------------------------------------- reading PromQL


@dataclass(frozen=True)
class Selector:
    name: str | None
    matchers: tuple[tuple[str, str, str], ...]  # (label, op, value)


@dataclass
class Analysis:
    selectors: list[Selector] = field(default_factory=list)
    # (labels named by by/without/on/ignoring/group_*, metric names they apply to)
    groupings: list[tuple[tuple[str, ...], tuple[str | None, ...]]] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)

    @property
    def metric_names(self) -> set[str | None]:
        return {s.name for s in self.selectors}

    @property
    def label_names(self) -> set[str]:
        found = {label for s in self.selectors for label, _, _ in s.matchers}
        return found | {label for labels, _ in self.groupings for label in labels}


_GRAFANA_VAR = re.compile(r"\$\{(\w+)(?::[\w-]+)?\}|\$(\w+)|\[\[(\w+)(?::[\w-]+)?\]\]")


def grafana_variables(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _GRAFANA_VAR.finditer(text)}


def substitute_grafana(expr: str) -> str:
    """What Grafana would send: durations for its interval variables, a marker for the rest."""

    def repl(m: re.Match[str]) -> str:
        name = next(g for g in m.groups() if g)
        return "5m" if name in GRAFANA_DURATIONS else VAR_PLACEHOLDER

    return _GRAFANA_VAR.sub(repl, expr)


# -- the fallback: a tokenizer, not a parser. It finds selectors, grouping clauses and function
#    calls; the whole expression is the scope of a grouping clause.

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_COMMENT = re.compile(r"#[^\n]*")
_BRACES = re.compile(r"(?<![\w:])([A-Za-z_:][\w:]*)?\s*\{([^{}]*)\}")
_MATCHER = re.compile(r"\s*([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*\x00(\d+)\x00\s*(?:,|or\b|$)")
_RANGE = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")
_BARE_GROUP = re.compile(r"\b(group_left|group_right)\b")
_OFFSET = re.compile(r"\boffset\s+-?[\w.]+|@\s*(?:start\(\)|end\(\)|[\d.]+)")
_IDENT = re.compile(r"(?<![\w:.])([A-Za-z_:][\w:]*)(\s*\()?")
_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
             "and", "or", "unless", "atan2", "inf", "nan"}
_FUNCTIONS = {
    # aggregations
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
    "topk", "quantile", "limitk", "limit_ratio",
    # functions (Prometheus 2.x)
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp",
    "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
    "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta",
    "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
    "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt",
    "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
    "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
    "stdvar_over_time", "last_over_time", "present_over_time", "acos", "acosh", "asin", "asinh",
    "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "pi",
}


def _check_brackets(text: str) -> None:
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for char in text:
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            raise ValueError(f"unbalanced {char!r}")
    if stack:
        raise ValueError(f"unclosed {stack[-1]!r}")


def analyse_with_regex(expr: str) -> Analysis:
    out = Analysis()
    strings: list[str] = []

    def keep_string(m: re.Match[str]) -> str:
        strings.append(m.group(0)[1:-1])
        return f"\x00{len(strings) - 1}\x00"

    text = _STRING.sub(keep_string, expr)
    text = _COMMENT.sub(" ", text)
    _check_brackets(text)

    def selector(m: re.Match[str]) -> str:
        body = m.group(2)
        matchers = []
        pos = 0
        while body[pos:].strip():
            item = _MATCHER.match(body, pos)
            if item is None:
                raise ValueError(f"cannot read the label matchers {{{body}}}")
            matchers.append((item.group(1), item.group(2), strings[int(item.group(3))]))
            pos = item.end()
        name = m.group(1)
        if name is None:  # {__name__="..."}
            name = next((v for k, op, v in matchers if k == "__name__" and op == "="), None)
        out.selectors.append(Selector(name, tuple(matchers)))
        return " \x01 "  # a selector stands here; its name is taken

    text = _BRACES.sub(selector, text)
    while _RANGE.search(text):
        text = _RANGE.sub(" ", text)
    all_labels: list[str] = []

    def grouping(m: re.Match[str]) -> str:
        all_labels.extend(label.strip() for label in m.group(2).split(",") if label.strip())
        return " "

    if re.search(r"[{}\[\]]", text):
        raise ValueError("a brace or bracket that no selector or range explains")
    text = _GROUPING.sub(grouping, text)
    text = _BARE_GROUP.sub(" ", text)
    text = _OFFSET.sub(" ", text)
    for m in _IDENT.finditer(text):
        name, call = m.group(1), m.group(2)
        if name.lower() in _KEYWORDS:  # `or (`, `and on`, ...: operators, not calls
            continue
        if call:
            out.functions.add(name)
        else:
            out.selectors.append(Selector(name, ()))
    if all_labels:
        out.groupings.append((tuple(all_labels), tuple(s.name for s in out.selectors)))
    return out


# -- the parser, when promql-parser is installed

# pinned in the dev group: a missing install fails here instead of skipping the parser's checks
promql_parser: ModuleType | None = importlib.import_module("promql_parser")


def analyse_with_parser(expr: str) -> Analysis:
    assert promql_parser is not None
    pp = promql_parser
    ops = [(pp.MatchOp.Equal, "="), (pp.MatchOp.NotEqual, "!="), (pp.MatchOp.Re, "=~"),
           (pp.MatchOp.NotRe, "!~")]  # MatchOp is not hashable

    def op(matcher: Any) -> str:
        return next(sign for value, sign in ops if matcher.op == value)

    tree = pp.parse(expr)  # ValueError when it is not PromQL
    out = Analysis()

    def names_under(node: Any) -> tuple[str | None, ...]:
        found: list[str | None] = []

        def visit(n: Any) -> None:
            if isinstance(n, pp.VectorSelector):
                found.append(_selector_name(n))

        pp.walk(node, visit)
        return tuple(found)

    def _selector_name(n: Any) -> str | None:
        if n.name:
            return str(n.name)
        return next((m.value for m in n.matchers.matchers
                     if m.name == "__name__" and m.op == pp.MatchOp.Equal), None)

    def visit(n: Any) -> None:
        if isinstance(n, pp.VectorSelector):
            groups = [n.matchers.matchers, *n.matchers.or_matchers]
            matchers = tuple((m.name, op(m), m.value) for g in groups for m in g)
            out.selectors.append(Selector(_selector_name(n), matchers))
        elif isinstance(n, pp.AggregateExpr):
            out.functions.add(str(n.op).lower())
            if n.modifier is not None and n.modifier.labels:
                out.groupings.append((tuple(n.modifier.labels), names_under(n.expr)))
        elif isinstance(n, pp.BinaryExpr) and n.modifier is not None:
            labels = [*(n.modifier.matching.labels if n.modifier.matching else []),
                      *(n.modifier.group_labels or [])]
            if labels:
                out.groupings.append((tuple(labels), names_under(n.lhs) + names_under(n.rhs)))
        elif isinstance(n, pp.Call):
            out.functions.add(n.func.name)

    pp.walk(tree, visit)
    return out


def analyse(expr: str) -> Analysis:
    return (analyse_with_parser if promql_parser is not None else analyse_with_regex)(expr)


# -- the checks every expression must pass


def problems(expr: str, analyse: Callable[[str], Analysis] = analyse) -> list[str]:
    """What is wrong with an expression's use of the exported metrics (empty when nothing)."""
    found: list[str] = []
    try:
        result = analyse(substitute_grafana(expr))
    except ValueError as exc:
        return [f"not PromQL: {exc}"]
    if not result.selectors:
        found.append("selects no metric")
    for sel in result.selectors:
        if sel.name is None:
            found.append("selects series without naming the metric: name it")
            continue
        if sel.name not in METRICS:
            found.append(f"{sel.name}: no such series is exported by daiban_common.observability")
            continue
        allowed = METRICS[sel.name].labels
        for label, op, value in sel.matchers:
            if label not in allowed:
                found.append(f"{sel.name} has no label {label!r}")
            elif label == "outcome" and VAR_PLACEHOLDER not in value:
                values = [value] if op in ("=", "!=") else value.split("|")
                bad = [v for v in values if v not in OUTCOMES]
                if bad:
                    found.append(f"outcome {bad} is not one of {sorted(OUTCOMES)}")
            elif (label == "service" and op in ("=", "!=") and VAR_PLACEHOLDER not in value
                  and value not in SERVICES):
                found.append(f"service {value!r} is not one of {SERVICES}")
    for labels, names in result.groupings:
        scope: set[str] = set()
        for name in names:
            scope |= METRICS[name].labels if name in METRICS else set()
        found.extend(f"groups or matches on {label!r}, which none of {sorted(map(str, names))} has"
                     for label in labels if label not in scope)
    unknown = {f for f in result.functions if f not in _FUNCTIONS}
    if unknown:
        found.append(f"unknown function(s) {sorted(unknown)}")
    return found


@pytest.mark.parametrize(
    ("expr", "complaint"),
    [
        ("rate(daiban_http_requests[5m])", "no such series"),
        ("daiban_http_request_duration_seconds", "no such series"),
        ("daiban_outbox_backlog_bucket", "no such series"),
        ("daiban_sla_lights_open", "no such series"),
        ('sum(rate(daiban_events_consumed_total{status="500"}[5m]))', "has no label 'status'"),
        ('daiban_events_consumed_total{outcome="lost"}', "outcome ['lost']"),
        ('daiban_events_consumed_total{outcome=~"parked|lost"}', "outcome ['lost']"),
        ('daiban_queue_depth{service="billing"}', "service 'billing'"),
        ("sum by (route) (rate(daiban_events_published_total[5m]))",
         "groups or matches on 'route'"),
        ("histogram_quantile(0.9, sum by (le) (rate(daiban_http_requests_total[5m])))",
         "groups or matches on 'le'"),
        ('{__name__=~"daiban_.*"}', "without naming the metric"),
        ("rated(daiban_events_published_total[5m])", "unknown function"),
        ('daiban_queue_depth{service="intake",}}', "not PromQL"),
    ],
)
@pytest.mark.parametrize("reader", ["regex", "parser"] if promql_parser else ["regex"])
def test_the_checks_catch_mistakes(reader: str, expr: str, complaint: str) -> None:
    read = analyse_with_parser if reader == "parser" else analyse_with_regex
    found = problems(expr, read)
    assert any(complaint in p for p in found), found


@pytest.mark.parametrize(
    "expr",
    [
        'histogram_quantile(0.95, sum by (service, le) (rate('
        'daiban_http_request_duration_seconds_bucket{service=~"$service",route!~"/healthz|/x"}'
        "[$__rate_interval])))",
        "sum by (service, type) (rate(daiban_events_consumed_total[5m]))\n"
        "/ on (type) group_left\nsum by (type) (rate(daiban_events_published_total[5m]))",
        "max by (service) (daiban_outbox_backlog) > 0 unless sum by (instance, job) "
        "(daiban_queue_depth offset 5m)",
    ],
)
def test_the_checks_accept_good_queries(expr: str) -> None:
    assert problems(expr) == []


# ----------------------------------------------------------------------------- dashboards


def _load_dashboards() -> dict[str, Obj]:
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(DASHBOARD_DIR.glob("*.json"))}


DASHBOARDS = _load_dashboards()


def _panels(dashboard: Obj) -> Iterator[Obj]:
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # a collapsed row holds its panels


def _queries(dashboard: Obj) -> Iterator[tuple[str, str]]:
    """(where, PromQL) for every panel target and every query variable."""
    for panel in _panels(dashboard):
        for target in panel.get("targets", []):
            yield f"panel {panel.get('title')!r} target {target.get('refId')}", target["expr"]
    for var in dashboard["templating"]["list"]:
        if var["type"] != "query":
            continue
        query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
        m = re.fullmatch(r"\s*label_values\((.+),\s*(\w+)\s*\)\s*", query, re.DOTALL)
        assert m, f"variable {var['name']}: use label_values(<metric selector>, <label>)"
        yield f"variable {var['name']}", f"count by ({m.group(2)}) ({m.group(1)})"


def test_the_expected_dashboards_exist() -> None:
    titles = {d["uid"]: d["title"] for d in DASHBOARDS.values()}
    assert titles.items() >= EXPECTED_DASHBOARDS.items()


def test_dashboard_uids_are_unique() -> None:
    uids = [d["uid"] for d in DASHBOARDS.values()]
    assert len(uids) == len(set(uids)), uids
    assert all(re.fullmatch(r"[a-zA-Z0-9_-]{1,40}", uid) for uid in uids), uids


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_model(name: str) -> None:
    dashboard = DASHBOARDS[name]
    assert dashboard["schemaVersion"] == SCHEMA_VERSION
    assert dashboard.get("id") is None, "export for sharing: a provisioned dashboard has no id"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    assert variables["service"]["type"] == "query"
    assert variables["service"]["multi"] is True
    assert variables["service"]["includeAll"] is True
    for var in variables.values():
        if var["type"] == "query":
            assert var["datasource"] == DATASOURCE_REF, var["name"]

    ids = [p["id"] for p in _panels(dashboard)]
    assert len(ids) == len(set(ids)), f"panel ids repeat: {ids}"
    for panel in _panels(dashboard):
        where = f"{name}: panel {panel.get('id')} {panel.get('title')!r}"
        assert panel.get("title", "").strip(), f"{where} has no title"
        if panel["type"] == "row":  # layout only: a heading, no query
            assert not panel.get("targets"), where
            continue
        assert panel["type"] in PANEL_TYPES, where
        assert panel.get("datasource") == DATASOURCE_REF, f"{where}: datasource"
        assert CJK.search(panel["title"]), f"{where}: operators read Chinese titles"
        assert re.search(r"\([^()]*[A-Za-z][^()]*\)\s*$", panel["title"]), (
            f"{where}: end the title with its English in parentheses")
        assert panel.get("description", "").strip(), f"{where}: say what it means"
        assert panel.get("targets"), f"{where} has no query"
        for target in panel["targets"]:
            assert target.get("expr", "").strip(), f"{where}: empty query"
            assert target.get("datasource", DATASOURCE_REF) == DATASOURCE_REF, where
        refs = [t["refId"] for t in panel["targets"]]
        assert len(refs) == len(set(refs)), f"{where}: refIds repeat"


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_layout_has_no_overlaps(name: str) -> None:
    taken: dict[tuple[int, int], str] = {}
    for panel in DASHBOARDS[name]["panels"]:
        pos = panel["gridPos"]
        assert pos["x"] >= 0, panel["title"]
        assert 0 < pos["w"] <= 24 - pos["x"], panel["title"]
        for x in range(pos["x"], pos["x"] + pos["w"]):
            for y in range(pos["y"], pos["y"] + pos["h"]):
                assert (x, y) not in taken, f"{panel['title']!r} overlaps {taken[(x, y)]!r}"
                taken[(x, y)] = panel["title"]


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_queries_use_only_exported_metrics_and_labels(name: str) -> None:
    dashboard = DASHBOARDS[name]
    defined = {v["name"] for v in dashboard["templating"]["list"]} | GRAFANA_BUILTINS
    found = []
    for where, expr in _queries(dashboard):
        undefined = grafana_variables(expr) - defined
        if undefined:
            found.append(f"{where}: undefined variables {sorted(undefined)}")
        found.extend(f"{where}: {p}" for p in problems(expr))
    assert not found, "\n".join(found)


def test_every_exported_metric_is_on_a_dashboard() -> None:
    """A new metric (the SLA lights, say) comes with its panel: docs/operations-dashboards.md."""
    shown = {METRICS[s.name].family
             for d in DASHBOARDS.values() for _, expr in _queries(d)
             for s in analyse(substitute_grafana(expr)).selectors if s.name in METRICS}
    assert FAMILIES - shown == set(), "metrics no dashboard shows"


def test_provisioning_points_at_prometheus_and_the_dashboards() -> None:
    (datasources,) = [yaml.safe_load(p.read_text())
                      for p in (PROVISIONING / "datasources").glob("*.y*ml")]
    (prometheus,) = datasources["datasources"]
    assert prometheus["type"] == "prometheus"
    assert prometheus["url"] == "http://127.0.0.1:9090"
    scrape = yaml.safe_load(PROMETHEUS_YML.read_text())["global"]["scrape_interval"]
    assert prometheus["jsonData"]["timeInterval"] == scrape
    (providers,) = [yaml.safe_load(p.read_text())
                    for p in (PROVISIONING / "dashboards").glob("*.y*ml")]
    (provider,) = providers["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"]


# ----------------------------------------------------------------------------- prometheus


def test_prometheus_scrapes_every_api_and_worker() -> None:
    config = yaml.safe_load(PROMETHEUS_YML.read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert len(jobs) == len(config["scrape_configs"]), "job names repeat"
    expected = {f"{svc}-api": API_PORTS[svc] for svc in SERVICES} | {
        f"{svc}-worker": WORKER_PORTS[svc] for svc in SERVICES}
    assert set(jobs) == set(expected)
    for name, port in expected.items():
        job = jobs[name]
        targets = [t for sc in job["static_configs"] for t in sc["targets"]]
        assert targets == [f"127.0.0.1:{port}"], name
        assert job.get("metrics_path", "/metrics") == "/metrics", name
        assert job.get("scheme", "http") == "http", name
        # the metrics carry their own `service` label; keep it as the k8s monitors do
        assert job.get("honor_labels") is True, name
    assert [PROMETHEUS_YML.parent / f for f in config["rule_files"]] == [RULES_YML]


def _k8s_rule_groups() -> list[Obj]:
    (rule,) = [d for d in yaml.safe_load_all(K8S_ALERTS.read_text())
               if d and d.get("kind") == "PrometheusRule"]
    groups: list[Obj] = rule["spec"]["groups"]
    return groups


def _local_rule_groups() -> list[Obj]:
    groups: list[Obj] = yaml.safe_load(RULES_YML.read_text())["groups"]
    return groups


def _alerts(groups: list[Obj]) -> dict[str, Obj]:
    return {r["alert"]: r for g in groups for r in g["rules"] if "alert" in r}


def _normalised(rule: Obj) -> Obj:
    return {k: " ".join(v.split()) if k == "expr" else v for k, v in rule.items()}


def test_local_rules_are_the_kubernetes_rules() -> None:
    k8s, local = _k8s_rule_groups(), _local_rule_groups()
    assert set(_alerts(local)) == set(_alerts(k8s)), "the alert names differ"
    assert [g["name"] for g in local] == [g["name"] for g in k8s]
    for name, rule in _alerts(k8s).items():
        assert _normalised(_alerts(local)[name]) == _normalised(rule), (
            f"{name} differs from deploy/k8s/components/monitoring/alerts.yaml")


@pytest.mark.parametrize("source", ["local", "k8s"])
def test_alert_expressions_use_only_exported_metrics_and_labels(source: str) -> None:
    groups = _local_rule_groups() if source == "local" else _k8s_rule_groups()
    found = [f"{name}: {p}" for name, rule in _alerts(groups).items()
             for p in problems(rule["expr"])]
    assert not found, "\n".join(found)


def test_every_alert_is_explained_in_the_runbook() -> None:
    doc = (ROOT / "docs" / "operations-dashboards.md").read_text(encoding="utf-8")
    missing = [name for name in _alerts(_k8s_rule_groups()) if f"`{name}`" not in doc]
    assert not missing, f"docs/operations-dashboards.md says nothing about {missing}"


# ----------------------------------------------------------------------------- cross-checks


def _all_expressions() -> list[tuple[str, str]]:
    exprs = [(f"{name} {where}", expr) for name, d in DASHBOARDS.items()
             for where, expr in _queries(d)]
    exprs += [(f"alert {name}", r["expr"]) for name, r in _alerts(_local_rule_groups()).items()]
    return exprs


def test_the_fallback_reader_agrees_with_the_parser() -> None:
    for where, expr in _all_expressions():
        text = substitute_grafana(expr)
        by_regex, by_parser = analyse_with_regex(text), analyse_with_parser(text)
        assert by_regex.metric_names == by_parser.metric_names, where
        assert by_regex.label_names == by_parser.label_names, where
        assert by_regex.functions == by_parser.functions, where


@pytest.mark.skipif(shutil.which("promtool") is None,
                    reason="promtool not on PATH (Debian package prometheus)")
def test_promtool_accepts_the_config_the_rules_and_every_query(tmp_path: Path) -> None:
    run = subprocess.run(["promtool", "check", "config", str(PROMETHEUS_YML)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    # every dashboard query, as a recording rule, through the real Prometheus parser
    records = [{"record": f"daiban:check:{i}", "expr": substitute_grafana(expr)}
               for i, (_, expr) in enumerate(_all_expressions())]
    probe = tmp_path / "queries.yml"
    probe.write_text(yaml.safe_dump({"groups": [{"name": "queries", "rules": records}]}))
    run = subprocess.run(["promtool", "check", "rules", str(probe)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
