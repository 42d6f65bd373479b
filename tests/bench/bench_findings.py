"""Benchmark of the findings list at scale: first paint, sorting, search and scrolling at N findings.

Run::

    python -m tests.bench.bench_findings [--findings N] [--repeat R]

The vault (SQLCipher, the app's schema with the search index of migration 0002)
is filled quickly: departments through an audited session, then the N findings
with **one Core ``insert()`` in one transaction, which bypasses the audit hooks
on purpose** — an audited insert of 100 000 findings takes minutes and is what
``bench_vault`` measures. The search index triggers fire for every row, as for
any write. Such a vault fails the deep audit check; it is deleted after the run.
Texts are clauses of the regulation and of the checklist, combined at random
(fixed seed), so the trigram index sees realistic Chinese.

Figures are medians of R runs, beside baselines measured in the same run:

* baselines: ``SELECT count(*) FROM finding`` and the first page of the list
  (``SELECT id … ORDER BY created_at DESC LIMIT 200``), raw driver;
* **first paint**: ``FindingsPage.reload()`` → the ids and the first page read on
  the worker thread → model reset → the table painted offscreen (viewport grab),
  without a cached id list. Target ≤ 150 ms;
* the ordered ids for every sort key (what clicking a header costs, on the worker);
* **search**: :func:`~inspector.services.search.matching_ids` then
  :func:`~inspector.services.search.narrow` over the id list in hand, for a
  three-or-more-character Chinese query and a two-character one. Target ≤ 30 ms.
  A very common word (in nearly every finding) is shown for information, and so
  is the page's whole path (text → list repainted);
* one page of rows (:func:`~inspector.services.search.fetch_rows`, 200 ids) and a
  scroll to the middle of the list (page fetched on the worker, painted).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import insert

from inspector.crypto.keyfile import KdfParams
from inspector.model import Department, Finding, FindingStatus, Severity
from inspector.regulation import articles, load_checklist
from inspector.services import search
from inspector.services.setup import create_vault
from inspector.vault import Vault
from tests.bench.table import Report, Row

PASSPHRASE = "correct horse 电池 staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
FIRST_PAINT_TARGET_MS = 150.0
SEARCH_TARGET_MS = 30.0
REPORT = Report(
    title="Findings list at scale",
    conditions="{findings:.0f} findings in a SQLCipher vault (search index of migration 0002); medians",
    rows=[
        Row("First paint: ids + first page on the worker, model reset, painted", "first_paint_ms", "ms",
            baseline="baseline_first_page_ms", baseline_label="first page, raw SQL",
            target=f"≤ {FIRST_PAINT_TARGET_MS:g} ms", check=("first_paint_ms", FIRST_PAINT_TARGET_MS)),
        Row("Search, 4 characters (审计日志), ids narrowed in list order", "search_long_ms", "ms",
            baseline="baseline_count_ms", baseline_label="SELECT count(*) FROM finding",
            target=f"≤ {SEARCH_TARGET_MS:g} ms", check=("search_long_ms", SEARCH_TARGET_MS)),
        Row("Search, 2 characters (备份)", "search_short_ms", "ms", baseline="baseline_count_ms",
            baseline_label="SELECT count(*) FROM finding", target=f"≤ {SEARCH_TARGET_MS:g} ms",
            check=("search_short_ms", SEARCH_TARGET_MS)),
        Row("Search, a word in most findings (数据)", "search_common_ms", "ms", baseline="baseline_count_ms",
            baseline_label="SELECT count(*) FROM finding"),
        Row("Typing a search on the page: list repainted, then cleared", "page_search_long_ms", "ms"),
        Row("One page of 200 rows (fetch_rows)", "fetch_page_ms", "ms", baseline="baseline_first_page_ms",
            baseline_label="first page of ids, raw SQL"),
        Row("Scroll to an unread page: fetched on the worker, painted", "scroll_to_unread_page_ms", "ms"),
    ],
    quick=["--findings", "300", "--repeat", "2"],
    explain={
        "first_paint_ms": "The ids of every finding are read in list order on the worker with the first page of "
                          "rows; profile FindingsPage.reload → search.ordered_ids / fetch_rows.",
        "search_long_ms": "FTS5 trigram match, then narrowing the list's ids; profile search.matching_ids.",
        "search_short_ms": "One- and two-character queries cannot use the trigram index: a LIKE scan over the "
                           "findings' texts; profile search.matching_ids.",
    },
)
QUERIES = {"search_long": "审计日志", "search_short": "备份", "search_common": "数据"}
TODAY = date(2026, 11, 24)
DEPARTMENTS = ["人力资源和社会保障局", "卫生健康委员会", "民政局", "自然资源局", "医疗保障局", "公安局", "财政局",
               "教育局", "住房和城乡建设局", "交通运输局", "农业农村局", "商务局", "文化和旅游局", "应急管理局",
               "市场监督管理局", "统计局", "水务局", "生态环境局", "审计局", "退役军人事务局"]


def build_vault(path: Path, n: int) -> Vault:
    vault = create_vault(path, PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    rng = random.Random(2026)
    clauses = [c for a in articles().values() for c in re.split(r"[，。；：、]", a.text) if len(c) >= 4]
    items = load_checklist()["items"]
    clauses += [c for i in items for c in re.split(r"[，。；：、]", i["text"]) if len(c) >= 4]

    def para(k: int) -> str:
        return "，".join(rng.choice(clauses) for _ in range(k)) + "。"

    with vault.session() as s:
        depts = [Department(name=f"{place}{name}") for place in ("晋城市", "泽州县") for name in DEPARTMENTS]
        s.add_all(depts)
        s.flush()
        dept_ids = [d.id for d in depts]
    now = datetime.now(timezone.utc)
    rows = []
    for i in range(n):
        item = items[rng.randrange(len(items))]
        rows.append(dict(
            id=str(uuid.uuid4()), created_at=now - timedelta(minutes=n - i), updated_at=now, origin_device="bench",
            updated_device="bench", revision=1, vv={"bench": 1}, department_id=rng.choice(dept_ids),
            title=f"{item['title']}（{rng.choice(clauses)}）", description=para(rng.randint(2, 5)),
            location=f"{rng.choice(['信息中心机房', '档案室', '三楼会议室', '数据中心'])}{rng.randint(1, 40)}号",
            articles=list(item["articles"]), severity=rng.choice(list(Severity)), escalate_secrecy=rng.random() < 0.05,
            escalate_police=rng.random() < 0.02, handling_opinion=para(1), rectification_requirement=para(2),
            deadline=TODAY + timedelta(days=rng.randint(-200, 400)), status=rng.choice(list(FindingStatus)),
            verification_note=""))
    with vault.engine.begin() as conn:  # no audit on purpose (see the module doc)
        conn.execute(insert(Finding.__table__), rows)
    return vault


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    return statistics.median(timed(fn) for _ in range(repeat))


def raw(vault: Vault, sql: str) -> list:
    with vault.engine.connect() as conn:
        return conn.exec_driver_sql(sql).all()


def core_figures(vault: Vault, repeat: int) -> dict[str, float]:
    f: dict[str, float] = {}
    f["baseline_count_ms"] = median_ms(lambda: raw(vault, "SELECT count(*) FROM finding"), repeat)
    f["baseline_first_page_ms"] = median_ms(
        lambda: raw(vault, "SELECT id FROM finding ORDER BY created_at DESC LIMIT 200"), repeat)
    with vault.session() as s:
        for key in search.SORT_KEYS:
            f[f"sort_{key}_ms"] = median_ms(
                lambda key=key: search.ordered_ids(s, search.FindingQuery(sort=key), TODAY), repeat)
        base = search.ordered_ids(s, search.FindingQuery(), TODAY)
        for name, text in QUERIES.items():
            f[f"{name}_ms"] = median_ms(lambda text=text: search.narrow(base, search.matching_ids(s, text)), repeat)
            f[f"{name}_hits"] = float(len(search.narrow(base, search.matching_ids(s, text))))
        middle = base[len(base) // 2:len(base) // 2 + 200]
        f["fetch_page_ms"] = median_ms(lambda: search.fetch_rows(s, middle, TODAY), repeat)
    return f


def _quiet_offscreen(mode, context, message: str) -> None:
    """The offscreen platform says it cannot propagate size hints at every window shown: not worth a line."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def ui_figures(vault: Vault, repeat: int) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QTableView

    from ui import garbage, tasks
    from ui.context import AppContext
    from ui.fonts import load_fonts
    from ui.findings.page import FindingsPage

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    previous_handler = qInstallMessageHandler(_quiet_offscreen)
    load_fonts(app)
    page = FindingsPage(AppContext(vault))
    page.today = lambda: TODAY
    page.resize(1280, 720)
    page.show()

    def wait(signal) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def first_paint() -> None:
        page._base = None  # nothing cached: the ids are read again
        page.reload()
        wait(page.loaded)
        page.view.viewport().grab()

    f: dict[str, float] = {}
    try:
        f["first_paint_ms"] = median_ms(first_paint, repeat)
        f["first_paint_page_fetches"] = float(page.model.fetches)  # rows came with the ids: 0

        def type_search(text: str) -> Callable[[], None]:
            def run() -> None:
                page.search_edit.setText(text)
                page._search_now()
                wait(page.loaded)
                page.view.viewport().grab()
                page.search_edit.clear()
                page._search_now()
                wait(page.loaded)
            return run

        f["page_search_long_ms"] = median_ms(type_search(QUERIES["search_long"]), repeat)
        first_paint()

        def scroll() -> float:
            page.model.update_ids(page.model.ids())  # no page cached (not timed)
            page.view.scrollToTop()
            app.processEvents()
            target = page.model.index(page.model.rowCount() // 2, 0)
            gc.collect()
            t0 = time.perf_counter()
            page.view.scrollTo(target, QTableView.ScrollHint.PositionAtTop)
            page.view.viewport().grab()  # asks for the page: fetched on the worker
            wait(page.model.page_arrived)
            page.view.viewport().grab()
            return (time.perf_counter() - t0) * 1000

        scroll()
        f["scroll_to_unread_page_ms"] = statistics.median(scroll() for _ in range(repeat))
    finally:
        page.close()
        page.deleteLater()
        tasks.wait_for_all(60_000)
        app.processEvents()
        garbage.uninstall()
        qInstallMessageHandler(previous_handler)
    return f


def print_report(n: int, repeat: int, f: dict[str, float]) -> None:
    def ok(value: float, target: float) -> str:
        return f"(target ≤ {target:g} ms)  {'OK' if value <= target else 'OVER'}"

    print(f"Inspector findings benchmark — {n} findings, median of {repeat} runs (SQLCipher vault)")
    print(f"  build: {f['build_s']:.1f} s (Core insert, search triggers on; no audit on purpose)")
    print("Baselines (raw driver)")
    print(f"  SELECT count(*) FROM finding                       {f['baseline_count_ms']:8.2f} ms")
    print(f"  first page: SELECT id … ORDER BY created LIMIT 200  {f['baseline_first_page_ms']:8.2f} ms")
    print("List")
    print(f"  first paint (ids + first page on the worker, reset, painted) {f['first_paint_ms']:8.1f} ms  "
          f"{ok(f['first_paint_ms'], FIRST_PAINT_TARGET_MS)}; page fetches during it: {int(f['first_paint_page_fetches'])}")
    for key in search.SORT_KEYS:
        print(f"  ordered ids, sort by {key:<10}                      {f[f'sort_{key}_ms']:8.1f} ms")
    print(f"  one page of rows (fetch_rows, 200 ids)                {f['fetch_page_ms']:8.2f} ms")
    print(f"  scroll to an unread page (fetched on the worker, painted) {f['scroll_to_unread_page_ms']:6.1f} ms")
    print("Search (matching ids, narrowed in list order)")
    for name, label in (("search_long", "3+ characters"), ("search_short", "2 characters"),
                        ("search_common", "2 characters, in most findings (information)")):
        target = ok(f[f"{name}_ms"], SEARCH_TARGET_MS) if name != "search_common" else ""
        print(f"  {QUERIES[name]!r:<8} {label:<44} {f[f'{name}_ms']:8.1f} ms  "
              f"{int(f[f'{name}_hits']):>7} hits  {target}")
    print(f"  page path: type {QUERIES['search_long']!r}, list repainted, cleared again   {f['page_search_long_ms']:8.1f} ms")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_findings", description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=100_000, help="findings in the vault (default 100000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each measurement (default 7)")
    args = parser.parse_args(argv)
    if args.findings < 1 or args.repeat < 1:
        parser.error("--findings and --repeat must be positive")
    with tempfile.TemporaryDirectory(prefix="inspector-bench-findings-") as tmp:
        t0 = time.perf_counter()
        vault = build_vault(Path(tmp) / "findings.vault", args.findings)
        figures = {"build_s": time.perf_counter() - t0}
        try:
            figures.update(core_figures(vault, args.repeat))
            figures.update(ui_figures(vault, args.repeat))
        finally:
            vault.close()
    figures["findings"] = float(args.findings)
    print_report(args.findings, args.repeat, figures)
    return figures


if __name__ == "__main__":
    main()
    sys.exit(0)
