"""Routing's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from sqlalchemy import text

from daiban_common.db import AsyncUnitOfWork
from daiban_common.idempotency import IdempotencyKeys
from daiban_routing.adapters import master
from daiban_routing.adapters.catalogue import CatalogueTable
from daiban_routing.adapters.orm import idempotency_keys
from daiban_routing.adapters.repository import RoutedCaseRepository
from daiban_routing.domain.places import DepartmentRecord, StationRecord

MASTER_DATA_LOCK = 7_310_0001  # advisory lock: one master-data change at a time


class RoutingUnitOfWork(AsyncUnitOfWork):
    """Master data, the catalogue read model and routed cases, committed with the outbox."""

    places: master.PlaceTable
    stations: master.RecordTable[StationRecord]
    departments: master.RecordTable[DepartmentRecord]
    staff: master.StaffTable
    matters: CatalogueTable
    cases: RoutedCaseRepository
    idempotency: IdempotencyKeys

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        session, seen = self.session, self.seen
        self.places = master.PlaceTable(session, seen, master.PLACES)
        self.stations = master.RecordTable(session, seen, master.STATIONS)
        self.departments = master.RecordTable(session, seen, master.DEPARTMENTS)
        self.staff = master.StaffTable(session, seen, master.STAFF)
        self.matters = CatalogueTable(session)
        self.cases = RoutedCaseRepository(session, seen)
        self.idempotency = IdempotencyKeys(idempotency_keys, session)
        return self

    async def lock_master_data(self) -> None:
        """Serialise changes to master data until this transaction ends."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                                   {"id": MASTER_DATA_LOCK})
