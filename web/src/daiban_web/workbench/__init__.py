"""The staff's workbench (工作台), under ``/workbench/``: sign-in, the work list, and each
case's page with what the signed-in member may do next. It calls the platform's APIs through the
gateway with the member's own token, exactly as any other client would."""
