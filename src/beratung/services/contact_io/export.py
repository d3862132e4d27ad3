"""Export of contacts (all, a filtered selection, or a distribution list) as CSV, Excel or
vCard, in the same columns the import reads, so an export can be imported again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from beratung.domain.enums import Anrede, AuditAction
from beratung.domain.errors import UserError
from beratung.domain.models import DistributionList, DistributionListMember, Person
from beratung.interchange import (
    ContactRecord,
    write_contacts_csv,
    write_contacts_xlsx,
    write_vcards,
)
from beratung.services.base import Service
from beratung.services.contact_io.snapshots import ImportFormat
from beratung.services.contacts import ContactFilter, ContactService

_ANREDE_WORD = {Anrede.FRAU: "Frau", Anrede.HERR: "Herr", Anrede.NONE: None}


class ContactExportService(Service):
    """Contacts written to CSV, Excel or vCard (audited as an export)."""

    def export_records(
        self, *, flt: ContactFilter | None = None, list_name: str | None = None
    ) -> list[ContactRecord]:
        contacts = ContactService(self.ctx)
        list_id: int | None = None
        if list_name:
            list_id = contacts.distribution_list_by_name(list_name).id
        base = flt or ContactFilter()
        if list_id is not None:
            base = ContactFilter(
                search=base.search,
                kind=base.kind,
                kreis=base.kreis,
                regierungsbezirk=base.regierungsbezirk,
                is_member=base.is_member,
                list_id=list_id,
            )
        ids = contacts.find_person_ids(base)
        records: list[ContactRecord] = []
        with self.db.read() as s:
            list_names: dict[int, list[str]] = {}
            list_aff: dict[int, int | None] = {}
            for pid, name, lid, aff_id in s.execute(
                select(
                    DistributionListMember.person_id,
                    DistributionList.name,
                    DistributionList.id,
                    DistributionListMember.affiliation_id,
                )
                .join(DistributionList, DistributionList.id == DistributionListMember.list_id)
                .order_by(DistributionList.name)
            ):
                list_names.setdefault(pid, []).append(name)
                if lid == list_id:
                    list_aff[pid] = aff_id
            persons = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
            for row, pid in enumerate(ids, start=2):
                p = persons[pid]
                aff = None
                if list_aff.get(pid):
                    aff = next((a for a in p.affiliations if a.id == list_aff[pid]), None)
                aff = aff or next((a for a in p.affiliations if a.is_primary), None)
                org = aff.organisation if aff else None
                addr: Any = org if org is not None else p
                records.append(
                    ContactRecord(
                        source_row=row,
                        anrede=_ANREDE_WORD[p.anrede],
                        titel=p.title,
                        vorname=p.first_name,
                        nachname=p.last_name,
                        organisation=org.name if org else None,
                        abteilung=aff.department if aff else None,
                        funktion=aff.role if aff else None,
                        strasse=addr.street,
                        plz=addr.postcode,
                        ort=addr.town,
                        land=addr.country,
                        email=p.email or (aff.email if aff else None),
                        telefon=p.phone or (aff.phone if aff else None),
                        mobil=p.mobile,
                        fax=p.fax,
                        webseite=org.website if org else None,
                        notizen=p.notes,
                        verteiler=";".join(list_names.get(pid, [])) or None,
                    )
                )
        return records

    def export_contacts(
        self,
        format: ImportFormat,
        *,
        flt: ContactFilter | None = None,
        list_name: str | None = None,
    ) -> bytes:
        records = self.export_records(flt=flt, list_name=list_name)
        if format == "csv":
            data = write_contacts_csv(records)
        elif format == "xlsx":
            data = write_contacts_xlsx(records)
        elif format == "vcf":
            data = write_vcards(records)
        else:
            raise UserError(f"Unbekanntes Exportformat „{format}“ (csv, xlsx oder vcf).")
        with self.db.transaction() as s:
            what = f"Verteiler {list_name}" if list_name else "Kontakte"
            self.audit(
                s,
                AuditAction.EXPORT,
                "person",
                None,
                f"{len(records)} {what} als {format.upper()} exportiert",
                {"count": len(records), "list": list_name},
            )
        return data
