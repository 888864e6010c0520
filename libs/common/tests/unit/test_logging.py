"""Logs are JSON lines with the service and trace ids, and never carry an ID number in clear."""

import json
import logging

import pytest
from opentelemetry import trace

from daiban_common.observability import configure_logging
from tests.support.tracing import span_exporter


def test_a_log_line_is_json_with_the_trace_id_and_a_masked_id_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    span_exporter()
    configure_logging("intake")
    try:
        with trace.get_tracer("t").start_as_current_span("request") as span:
            logging.getLogger("t").warning("case for %s refused", "11010519491231002X")
        line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    finally:
        logging.getLogger().handlers.clear()
    assert line["service"] == "intake"
    assert line["level"] == "WARNING"
    assert line["message"] == "case for 110105********002X refused"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
