"""``daiban``: the operator's command line.

Tokens, migrations, the service processes, parked messages and the published contracts.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from daiban_common import asyncapi, auth, parked
from daiban_common.bus import install_topology
from daiban_common.database_roles import (
    can_log_in,
    grant_service_role,
    role_of,
    service_database_url,
)
from daiban_common.migrations import upgrade
from daiban_common.observability import configure_logging, configure_tracing
from daiban_common.sealed_contact import new_contact_keys
from daiban_common.service import ServiceSpec, discover, run_workers, subscriptions
from daiban_common.settings import CommonSettings
from daiban_kernel.contracts import registry
from daiban_kernel.roles import Role

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Daiban operator commands.")
parked_app = typer.Typer(no_args_is_help=True, help="Messages a service could not handle.")
demo_app = typer.Typer(no_args_is_help=True, help="The demonstration county and catalogue.")
contracts_app = typer.Typer(no_args_is_help=True,
                            help="Event schemas, AsyncAPI and OpenAPI documents.")
app.add_typer(parked_app, name="parked")
app.add_typer(contracts_app, name="contracts")
app.add_typer(demo_app, name="demo")
roles_app = typer.Typer(no_args_is_help=True, help="The services' own database roles.")
app.add_typer(roles_app, name="roles")

ServiceName = Annotated[str, typer.Argument(help="intake, routing, sla, audit or notify")]


def _process_settings(spec: ServiceSpec[Any]) -> Any:
    """A service process's settings: connected as the service's own role when
    ``DATABASE_SERVICE_ROLES`` is on."""
    settings = spec.settings()
    if not settings.database_service_roles:
        return settings
    return spec.settings(database_url=service_database_url(settings, spec.name))


def _spec(name: str) -> ServiceSpec[Any]:
    specs = discover()
    if name not in specs:
        raise typer.BadParameter(f"unknown service {name!r}; known: {', '.join(specs)}")
    return specs[name]


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="the caller's role")],
    place: Annotated[str, typer.Option(help="6, 9 or 12 digit division code")],
    subject: Annotated[str | None, typer.Option("--sub", help="staff id")] = None,
    name: Annotated[str | None, typer.Option(help="display name")] = None,
) -> None:
    """Print a development bearer token (refused in production)."""
    try:
        typer.echo(auth.issue_dev_token(CommonSettings(), role=role, place=place,
                                        subject=subject, name=name))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def migrate(services: Annotated[list[str] | None, typer.Argument()] = None) -> None:
    """Upgrade each service's schema (all by default), load its reference data, grant each
    service's own database role its schema (with ``DATABASE_SERVICE_ROLES``), and declare the
    broker topology (exchanges, every service's queues, bindings, retries and parking lots)."""
    names = services or list(discover())
    for name in names:
        spec = _spec(name)
        upgrade(spec.settings(), package=spec.package, schema=spec.schema)
        typer.echo(f"{name}: schema {spec.schema} at head")
        if spec.seed is not None:
            typer.echo(f"{name}: " + asyncio.run(spec.seed(spec.settings())))
        if spec.settings().database_service_roles:
            role = asyncio.run(grant_service_role(spec.settings(), service=name,
                                                  schema=spec.schema,
                                                  append_only=spec.append_only))
            typer.echo(f"{name}: role {role} may use schema {spec.schema} only")
    declared = asyncio.run(install_topology(
        CommonSettings(), subscriptions({name: _spec(name) for name in names})))
    typer.echo(f"broker: queues of {', '.join(declared) or 'no service'} declared")


@app.command()
def api(
    service: ServiceName,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    root_path: Annotated[str, typer.Option(help="the prefix a gateway serves it under")] = "",
) -> None:
    """Serve a service's HTTP API."""
    import uvicorn

    spec = _spec(service)
    settings = _process_settings(spec)
    configure_logging(service, settings.log_level)
    configure_tracing(service, otlp_endpoint=settings.otlp_endpoint)
    uvicorn.run(spec.create_app(settings), host=host, port=port, log_config=None,
                access_log=False, proxy_headers=True, root_path=root_path)


@app.command()
def worker(service: ServiceName) -> None:
    """Run a service's event consumer and outbox relay."""
    spec = _spec(service)
    settings = _process_settings(spec)
    configure_logging(service, settings.log_level)
    configure_tracing(service, otlp_endpoint=settings.otlp_endpoint)
    asyncio.run(run_workers(spec.build_workers(settings), metrics_port=settings.metrics_port,
                            metrics_host=settings.metrics_host))


@roles_app.command("check")
def roles_check(services: Annotated[list[str] | None, typer.Argument()] = None) -> None:
    """Exit 0 when every service's role can log in (its password or the server's trust admit
    it), 1 otherwise, naming the roles that cannot."""
    names = services or list(discover())
    refused = [role_of(n) for n in names
               if not asyncio.run(can_log_in(_spec(n).settings(), n))]
    if refused:
        typer.echo(f"cannot log in as: {', '.join(refused)}", err=True)
        sys.exit(1)
    typer.echo(f"every role can log in: {', '.join(role_of(n) for n in names)}")


@parked_app.command("list")
def parked_list(service: ServiceName,
                limit: Annotated[int, typer.Option(min=1)] = 100) -> None:
    """Show a service's parked messages, one JSON object a line; they stay parked."""
    for message in asyncio.run(parked.list_parked(_spec(service).settings(), service,
                                                  limit=limit)):
        typer.echo(json.dumps(asdict(message), ensure_ascii=False))


@parked_app.command("replay")
def parked_replay(
    service: ServiceName,
    event_id: Annotated[str | None, typer.Option("--id", help="only this event")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 1000,
) -> None:
    """Send parked messages back to the service's queue."""
    done = asyncio.run(parked.replay_parked(_spec(service).settings(), service,
                                            event_id=event_id, limit=limit))
    typer.echo(f"replayed {len(done)} message(s) to {service}")


@demo_app.command("load")
def demo_load(
    directory: Annotated[Path, typer.Option(help="the demo data folder")] = Path("data/demo"),
    services: Annotated[list[str] | None, typer.Argument()] = None,
) -> None:
    """Load the demo data (places, staff, catalogue, calendar) into each service; repeatable."""
    for name in services or list(discover()):
        spec = _spec(name)
        if spec.load_demo is not None:
            typer.echo(f"{name}: " + asyncio.run(spec.load_demo(spec.settings(), directory)))


@app.command("contact-keys")
def contact_keys(
    key_id: Annotated[str, typer.Option(help="the id residents' phones are sealed under")] = "k1",
) -> None:
    """Print a fresh key pair for residents' phones: CONTACT_PRIVATE_KEY (notify's secret) and
    CONTACT_PUBLIC_KEY (intake's, which seals each phone in case.submitted)."""
    private, public = new_contact_keys()
    typer.echo(f"CONTACT_KEY_ID={key_id}")
    typer.echo(f"CONTACT_PRIVATE_KEY={private}")
    typer.echo(f"CONTACT_PUBLIC_KEY={public}")


@contracts_app.command("write")
def contracts_write(
    directory: Annotated[Path, typer.Option()] = Path("docs"),
    check: Annotated[bool, typer.Option(help="only report stale files")] = False,
) -> None:
    """Generate the event JSON Schemas, the AsyncAPI document and the OpenAPI documents."""
    files = asyncapi.rendered(registry, discover())
    if check:
        stale = asyncapi.stale(directory, files)
        if stale:
            typer.echo("stale: " + ", ".join(stale), err=True)
            sys.exit(1)
        return
    asyncapi.write(directory, files)
    typer.echo(f"wrote {len(files)} file(s) to {directory}")


def main() -> None:
    """Entry point of the ``daiban`` command, with each service's own command groups."""
    for spec in discover().values():
        if spec.commands is not None:
            module, _, attribute = spec.commands.partition(":")
            app.add_typer(getattr(importlib.import_module(module), attribute))
    app()


if __name__ == "__main__":
    main()
