"""Logs, traces and metrics, the same in every service.

- JSON logs on stdout carrying ``trace_id``/``span_id``; anything shaped like a resident ID number
  is masked before it is written.
- OpenTelemetry traces; W3C ``traceparent`` is carried from the HTTP request through the outbox row
  onto the AMQP message, so a consumer's span is a child of the request that caused it.
- Prometheus metrics, one registry per process.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from prometheus_client import Counter, Gauge, Histogram
from pythonjsonlogger.json import JsonFormatter

from daiban_common.pii import mask_id_numbers_in

HTTP_REQUESTS = Counter(
    "daiban_http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "daiban_http_request_duration_seconds", "HTTP request duration", ["service", "method", "route"]
)
EVENTS_PUBLISHED = Counter(
    "daiban_events_published_total", "Events published with a broker confirm", ["service", "type"]
)
EVENTS_CONSUMED = Counter(
    "daiban_events_consumed_total",
    "Events consumed, by outcome (applied, duplicate, ignored; failed: retried after a delay; "
    "parked)",
    ["service", "type", "outcome"],
)
HANDLER_DURATION = Histogram(
    "daiban_event_handler_duration_seconds", "Event handler duration", ["service", "type"]
)
QUEUE_DEPTH = Gauge(
    "daiban_queue_depth", "Messages ready in the service's queue (consumer lag)", ["service"]
)
EVENTS_UNROUTABLE = Counter(
    "daiban_events_unroutable_total",
    "Events the broker returned because no queue was bound to their type", ["service", "type"]
)
OUTBOX_BACKLOG = Gauge(
    "daiban_outbox_backlog", "Outbox rows not yet confirmed by the broker", ["service"]
)


class _TraceAndPrivacyFilter(logging.Filter):
    """Adds the current trace ids and masks ID numbers in the rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        record.trace_id = format(ctx.trace_id, "032x") if ctx.is_valid else None
        record.span_id = format(ctx.span_id, "016x") if ctx.is_valid else None
        record.msg = mask_id_numbers_in(record.getMessage())
        record.args = None
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """JSON lines on stdout, with service name and trace ids."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "asctime": "time"},
            static_fields={"service": service},
        )
    )
    handler.addFilter(_TraceAndPrivacyFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def configure_tracing(service: str, *, otlp_endpoint: str | None = None,
                      exporter: SpanExporter | None = None) -> TracerProvider:
    """Install a tracer provider; export over OTLP/HTTP when an endpoint is configured."""
    provider = TracerProvider(resource=Resource.create({"service.name": f"daiban-{service}"}))
    if exporter is None and otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=otlp_endpoint)
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return provider


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span, as message headers."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def context_from_headers(headers: Mapping[str, Any]) -> otel_context.Context:
    """The trace context carried by an incoming message."""
    carrier = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in headers.items()}
    return propagate.extract(carrier)


def tracer(name: str) -> trace.Tracer:
    """A tracer from the installed provider."""
    return trace.get_tracer(name)
