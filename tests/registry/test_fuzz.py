"""Property: whatever the cells of a file hold, the ingest reads every row, accepts or rejects each one whole,
names the line of every rejected row, and stores exactly the accepted rows. No input is a system error."""

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jumys.config import Settings
from jumys.kit.identifiers import iin_problem
from jumys.registry.contract import BY_NAME
from jumys.registry.service import check_integrity
from jumys.storage.engine import make_engine
from tests import factories as f
from tests.conftest import TEST_KEY
from tests.factories import TODAY, ingest, rejects

COLS = BY_NAME["contracts"].column_names
BOSS = f.employer()
VALID = f.contract(BOSS["bin"])
junk = st.text(alphabet=st.sampled_from(list('0123456789-,;" \n\r\tЖәA.')), max_size=14)
cells = {c: st.one_of(st.just(VALID[c]), junk) for c in COLS if c not in ("contract_id", "iin")}
row = st.fixed_dictionaries(
    {"iin": st.one_of(st.builds(f.new_iin), st.just("AB0412300018"), junk), **cells},
)


@settings(
    derandomize=True,
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(row, min_size=1, max_size=8))
def test_any_cells_are_read_and_accounted_for(duckdb_template: Path, rows_: list[dict[str, str]]) -> None:
    root = Path(tempfile.mkdtemp(prefix="jumys-fuzz-"))
    try:
        settings = Settings(home=root / "home", pseudonym_key=TEST_KEY)
        settings.home.mkdir()
        shutil.copyfile(duckdb_template, settings.duckdb_path)
        engine = make_engine(settings=settings)
        rows_ = [r | {"contract_id": f"F{i}"} for i, r in enumerate(rows_)]
        folder = f.write_batch(root / "b", {"employers": [BOSS]})
        text = io.StringIO()
        w = csv.DictWriter(text, fieldnames=list(COLS), lineterminator="\n")
        w.writeheader()
        starts, line = [], 2
        for r in rows_:
            # a CRLF writer quotes every value holding a CR: a lone CR outside quotes is another test's case
            buf = io.StringIO()
            csv.DictWriter(buf, fieldnames=list(COLS), lineterminator="\r\n").writerow(r)
            written = buf.getvalue().removesuffix("\r\n") + "\n"
            starts.append(line)
            line += written.count("\n")
            text.write(written)
        (folder / "contracts.csv").write_text(text.getvalue(), encoding="utf-8")

        report = ingest(engine, folder, settings)

        [contracts] = [x for x in report.files if x.file == "contracts.csv"]
        assert contracts.rows_read == len(rows_) == contracts.rows_accepted + contracts.rows_rejected
        bad_lines = {r[1] for r in rejects(report) if r[0] == "contracts.csv"}
        assert len(bad_lines) == contracts.rows_rejected and bad_lines <= set(starts)
        with engine.connect() as conn:
            stored = set(conn.exec_driver_sql("SELECT contract_id FROM contracts").scalars())
            assert check_integrity(conn) == []
        assert stored == {
            r["contract_id"] for r, start in zip(rows_, starts, strict=True) if start not in bad_lines
        }
        for r, start in zip(rows_, starts, strict=True):  # the SQL's verdict on IINs is the Python one
            if iin_problem(r["iin"].strip(" "), TODAY) is not None:
                assert start in bad_lines
        engine.dispose()
    finally:
        shutil.rmtree(root, ignore_errors=True)
