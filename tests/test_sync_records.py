"""A bundle's rows are checked by plain pydantic models made from the tables (records.checker): they must accept
and refuse exactly what the table models do, and give the same values."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError
from sqlmodel import select

from inspector.model import SYNCED_TABLES
from inspector.sync import records
from inspector.sync.crypto import BundleRefused
from tests.engines import demo_on_both_engines  # noqa: F401


@pytest.fixture
def demo_rows(demo_vault) -> dict[str, list[dict]]:
    """Up to five rows of every synchronised table of the demo vault, as a bundle carries them."""
    with demo_vault.session() as s:
        return {m.__tablename__: [records.to_dict(obj) for obj in s.exec(select(m).limit(5))] for m in SYNCED_TABLES}


def _outcome(validate, row):
    try:
        obj = validate(row)
    except ValidationError as exc:
        return "refused", [e["loc"] for e in exc.errors()]
    return "accepted", {key: getattr(obj, key) for key in row}


def test_the_checker_gives_the_table_models_values(demo_rows):
    assert sum(len(rows) for rows in demo_rows.values()) > 50
    for table, rows in demo_rows.items():
        model = records.BY_NAME[table]
        for row in rows:
            normalised, values = records.parse(table, row, "test")
            assert normalised == row == records.to_dict(model.model_validate(row)), table
            orm = model.model_validate(row)
            assert {k: getattr(values, k) for k in row} == {k: getattr(orm, k) for k in row}, table


WRONG = [None, "", "x" * 400, -1, 3.5, "not-a-date", {"a": "b"}, ["x"], True]


def test_the_checker_refuses_what_the_table_models_refuse(demo_rows):
    tried = 0
    for table, rows in demo_rows.items():
        if not rows:
            continue
        model = records.BY_NAME[table]
        for key in rows[0]:
            for wrong in WRONG:
                row = copy.deepcopy(rows[0])
                row[key] = wrong
                expected = _outcome(model.model_validate, row)
                assert _outcome(records.checker(model).model_validate, row) == expected, (table, key, wrong)
                tried += 1
    assert tried > 1000


def test_an_invalid_row_is_refused_as_a_bundle_problem(demo_rows):
    row = dict(demo_rows["finding"][0], severity="catastrophic")
    with pytest.raises(BundleRefused) as err:
        records.parse("finding", row, "records/finding.jsonl:1")
    assert err.value.reason == "records" and "records/finding.jsonl:1" in str(err.value)


def test_the_export_reads_every_row_as_the_model_objects_give_it(demo_vault):
    from inspector.sync.exporter import _rows

    with demo_vault.session() as s:
        for model in SYNCED_TABLES:
            expected = [records.to_dict(obj) for obj in s.exec(select(model).order_by(model.id))]
            assert _rows(s, model, None) == expected, model.__tablename__
            some = {row["id"] for row in expected[::3]}
            assert _rows(s, model, some) == [row for row in expected if row["id"] in some], model.__tablename__
