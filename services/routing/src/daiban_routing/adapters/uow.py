"""Routing's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from sqlalchemy import text

from daiban_common.db import AsyncUnitOfWork
from daiban_routing.adapters import master_data_repository as master
from daiban_routing.adapters.case_repository import PostgresCaseRepository
from daiban_routing.adapters.matter_catalogue_repository import (
    PostgresMatterCatalogueRepository,
)

MASTER_DATA_LOCK = 7_310_0001  # advisory lock: one master-data change at a time


class PostgresUnitOfWork(AsyncUnitOfWork):
    """Master data, the catalogue read model and routed cases, committed with the outbox."""

    places: master.PostgresPlaceRepository
    stations: master.PostgresStationRepository
    departments: master.PostgresDepartmentRepository
    staff: master.PostgresStaffRepository
    matters: PostgresMatterCatalogueRepository
    cases: PostgresCaseRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        session, seen = self.session, self.seen
        self.places = master.PostgresPlaceRepository(session, seen, master.PLACES)
        self.stations = master.PostgresStationRepository(session, seen, master.STATIONS)
        self.departments = master.PostgresDepartmentRepository(session, seen,
                                                               master.DEPARTMENTS)
        self.staff = master.PostgresStaffRepository(session, seen, master.STAFF)
        self.matters = PostgresMatterCatalogueRepository(session)
        self.cases = PostgresCaseRepository(session, seen)
        return self

    async def lock_master_data(self) -> None:
        """Serialise changes to master data until this transaction ends."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                                   {"id": MASTER_DATA_LOCK})
