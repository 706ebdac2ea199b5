"""`festival-admin payouts export|mark-paid`: one pain.001 file for the pending requests,
valid against its XSD, with each card's balance; mark-paid brings every paid card to zero
through a `payout` ledger row and leaves out a card that changed after the export."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import sepaxml
import xmlschema

from sql.admin import main as festival_admin
from tests.portal.test_portal_functions import request_payout
from tests.sql.contract import balance, bar_order, call, card, items, ledger_mismatches

XSD = Path(sepaxml.__file__).with_name("schemas") / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
DEBTOR = ["--debtor-name", "Demo Festival GmbH", "--debtor-iban", "DE02120300000000202051",
          "--debtor-bic", "BYLADEM1001"]
IBANS = {13: "DE89370400440532013000", 14: "FR1420041010050500013M02606", 15: "GB33BUKB20201555555555",
         16: "NL91ABNA0417164300", 85: "DE75512108001245126199"}


def export(db_url: str, out: Path, capsys) -> tuple[int, str]:
    status = festival_admin(["payouts", "export", "--out", str(out), "--database-url", db_url, *DEBTOR])
    return status, capsys.readouterr().out


def transfers(xml_file: Path) -> dict[str, Decimal]:
    """IBAN -> amount of each credit transfer in the file."""
    tree = ET.parse(xml_file)
    return {tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS):
            Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=NS))
            for tx in tree.iterfind(".//p:CdtTrfTxInf", NS)}


def test_export_then_mark_paid_pays_each_balance_once_and_zeroes_the_cards(gateway_url, kiosk_url, db_url, db,
                                                                            tmp_path, capsys):
    sale = uuid.uuid4()
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        bar_order(kiosk, card(15), items(("beer", 1), ("soft", 1)))      # 2000 - 800 = 1200
        bar_order(kiosk, card(16), items(("wine", 1)), request_id=sale)  # 2000 - 600 = 1400
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        for number in (13, 15, 16, 85):
            assert request_payout(portal, number, iban=IBANS[number], name=f"Holder {number}")["success"]
        assert request_payout(portal, 14, iban=IBANS[14], donate=True)["success"]

    out = tmp_path / "run.xml"
    status, printed = export(db_url, out, capsys)
    assert status == 0, printed
    assert "run 1: 3 payouts, total 46.00" in printed and "donations: 1, total 20.00" in printed
    xmlschema.XMLSchema(str(XSD)).validate(str(out))  # raises when invalid
    assert transfers(out) == {IBANS[13]: Decimal("20.00"), IBANS[15]: Decimal("12.00"),
                              IBANS[16]: Decimal("14.00")}
    assert db.execute("SELECT count(*) FROM payout_requests WHERE status = 'exported'").fetchone() == (5,)
    assert not out.with_name("run.xml.tmp").exists()

    # a late change: the bar's own void of card 16's sale arrives after the export
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        voided = call(kiosk, "sp_void_request", p_client_request_id=sale, p_device_id="kiosk-bar-1",
                      p_staff_id="staff-bar-1", p_reason="answer lost")
        assert voided["success"] is True
    assert balance(db, card(16)) == 2000

    assert festival_admin(["payouts", "mark-paid", "1", "--database-url", db_url]) == 0
    printed = capsys.readouterr().out
    assert "run 1: 4 booked (paid 32.00, donated 20.00)" in printed
    assert f"card {card(16)}: NOT booked" in printed
    for number in (13, 14, 15, 85):
        assert balance(db, card(number)) == 0
    assert balance(db, card(16)) == 2000
    assert db.execute("SELECT card_uid, amount_cents FROM ledger WHERE kind = 'payout' ORDER BY card_uid"
                      ).fetchall() == [(card(13), -2000), (card(14), -2000), (card(15), -1200)]
    assert db.execute("SELECT status FROM payout_requests WHERE card_uid = %s", (card(16),)).fetchone() == (
        "exported",)
    assert ledger_mismatches(db) == []

    # running it again books nothing twice; a second export finds nothing pending
    assert festival_admin(["payouts", "mark-paid", "1", "--database-url", db_url]) == 0
    assert "0 booked" in capsys.readouterr().out
    assert db.execute("SELECT count(*) FROM ledger WHERE kind = 'payout'").fetchone() == (3,)
    status, printed = export(db_url, tmp_path / "again.xml", capsys)
    assert status == 0 and "no pending payout requests" in printed
    assert not (tmp_path / "again.xml").exists()


@pytest.mark.parametrize(("flag", "value"), [("--debtor-iban", "DE00123"), ("--debtor-bic", "NOTABIC!"),
                                             ("--debtor-name", " ")])
def test_a_bad_debtor_is_refused_before_anything_is_written(gateway_url, db_url, db, tmp_path, capsys,
                                                            flag, value):
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        assert request_payout(portal, 13, iban=IBANS[13])["success"]
    args = list(DEBTOR)
    args[args.index(flag) + 1] = value
    out = tmp_path / "run.xml"
    assert festival_admin(["payouts", "export", "--out", str(out), "--database-url", db_url, *args]) == 1
    assert flag in capsys.readouterr().err
    assert not out.exists()
    assert db.execute("SELECT count(*) FROM payout_runs").fetchone() == (0,)
    assert db.execute("SELECT status FROM payout_requests").fetchall() == [("pending",)]


def test_mark_paid_of_an_unknown_run_fails_with_a_reason(db_url, capsys):
    assert festival_admin(["payouts", "mark-paid", "42", "--database-url", db_url]) == 1
    assert "no payout run 42" in capsys.readouterr().err
