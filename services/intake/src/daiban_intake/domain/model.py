"""The case as intake takes it: who applies, for which matter, at which village, and how."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from daiban_common.contracts import Applicant as ApplicantRef
from daiban_common.contracts import CaseSubmittedV1, Channel, StaffRef
from daiban_common.contracts.matter import MatterKind, MatterVersion
from daiban_common.events import EventData
from daiban_intake.domain.errors import MatterCannotBeProxied


class CaseStatus(StrEnum):
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class ProtectedIdNumber:
    """A resident ID number as intake keeps it: sealed, hashed for lookup, masked for display."""

    sealed: bytes
    lookup_hash: str
    masked: str


@dataclass(frozen=True)
class Applicant:
    """The resident who applies (申请人)."""

    name: str
    id_number: ProtectedIdNumber
    phone: str


def case_number(county_code: str, day: date, sequence: int) -> str:
    """``<county code>-<yyyymmdd>-<sequence>``, the number the resident is told."""
    return f"{county_code}-{day:%Y%m%d}-{sequence:06d}"


@dataclass(eq=False)
class Case:
    """One resident's matter, from the moment an agent takes it."""

    number: str
    matter_code: str
    matter_version: int
    village_code: str
    channel: Channel
    applicant: Applicant
    opened_by: StaffRef
    opened_at: datetime
    status: CaseStatus = CaseStatus.SUBMITTED
    version: int = 1
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def submit(
        cls,
        *,
        number: str,
        matter: MatterVersion,
        village_code: str,
        channel: Channel,
        applicant: Applicant,
        by: StaffRef,
        at: datetime,
    ) -> Case:
        """Register a case under the matter's current version; its taker owns it (首问负责)."""
        if matter.kind is MatterKind.IN_PERSON:
            raise MatterCannotBeProxied(matter.code, matter.name)
        case = cls(number, matter.code, matter.version, village_code, channel, applicant, by, at)
        case.events.append(
            CaseSubmittedV1(
                case_number=number,
                matter_code=matter.code,
                matter_version=matter.version,
                village_code=village_code,
                channel=channel,
                applicant=ApplicantRef(name=applicant.name,
                                       id_number_masked=applicant.id_number.masked),
                submitted_by=by,
                submitted_at=at,
            )
        )
        return case
