"""SLA's routes, one module per noun: a case's clocks, the lights under a place, the public
board's results, the calendar."""
