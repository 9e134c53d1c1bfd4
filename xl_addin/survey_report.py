"""What an import tells the person who ran it: what needs their action first, then what was counted.

Pure Python. ``problem_groups`` gathers the rows an import did not count by reason (every row of an
unknown satker under one line naming it and the closest known satker; every unknown answer label
once, with its count); ``summary_lines`` is the text the command line, ``--coba`` and the ribbon
show; ``problem_rows`` the import's part of the sheet Masalah Impor, which keeps earlier imports'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import layout
from .indonesian import format_number
from .survey_counting import (
    AMBIGUOUS_DATE,
    BAD_ANSWER,
    BAD_DATE,
    DUPLICATE,
    EDITED,
    EMPTY_ANSWERS,
    EMPTY_SATKER,
    NOT_IN_REALISATION,
    OUTSIDE_MONTHS,
    SHARED_ALIAS,
    UNKNOWN_LABEL,
    UNKNOWN_SATKER,
    UNKNOWN_SURVEY,
    UNLISTED,
    CountChange,
    FileReport,
    Rejected,
)
from .survey_exports import safe_text

__all__ = ["ProblemGroup", "problem_groups", "problem_rows", "summary_lines"]

FILE_FAILED = "File tidak terbaca"
KEPT_NUMBER = "Angka ketikan tidak diubah"
NOTICE = "Catatan"
# The order groups are shown in: what a person must act on first.
ACTION_KINDS = (FILE_FAILED, AMBIGUOUS_DATE, UNKNOWN_SATKER, UNKNOWN_LABEL, UNKNOWN_SURVEY, KEPT_NUMBER)
OTHER_KINDS = (BAD_DATE, OUTSIDE_MONTHS, EMPTY_SATKER, EMPTY_ANSWERS, BAD_ANSWER, EDITED, DUPLICATE)
MAX_LISTED = 10_000  # rows the problems sheet keeps, this import's first; earlier imports' fill the rest

Suggest = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class ProblemGroup:
    kind: str
    summary: str  # one line in Bahasa Indonesia: what, how many, and what to do
    rows: tuple[Rejected, ...] = ()
    file: str | None = None  # the file, when the group is about one

    @property
    def action(self) -> bool:
        return self.kind in ACTION_KINDS


def _quoted(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " atau " + quoted[-1]


def problem_groups(
    reports: Sequence[FileReport], changes: Sequence[CountChange], suggest: Suggest = lambda _name: ()
) -> list[ProblemGroup]:
    """The import's problems grouped by reason, what needs action first; every rejected row in one group."""
    groups: list[ProblemGroup] = []
    rejected = [row for report in reports for row in report.rejected]
    for report in reports:
        if report.failed:
            groups.append(
                ProblemGroup(FILE_FAILED, f"{report.failed} Tidak ada yang dihitung dari file ini.", (), report.name)
            )
    for report in reports:
        rows = tuple(row for row in report.rejected if row.kind == AMBIGUOUS_DATE)
        if rows:
            groups.append(
                ProblemGroup(
                    AMBIGUOUS_DATE,
                    f"File {report.name}: {format_number(len(rows))} cap waktu dapat dibaca dua cara (misalnya baris "
                    f"{rows[0].row}) dan urutan tanggal file ini tidak dapat ditentukan dari isinya. Pilih Urutan "
                    f"Tanggal di sheet {layout.SHEET_MAPPING}, lalu impor file ini lagi.",
                    rows,
                    report.name,
                )
            )
    by_satker: dict[str, list[Rejected]] = {}
    for row in rejected:
        if row.kind == UNKNOWN_SATKER:
            by_satker.setdefault(row.subjects[0] if row.subjects else "", []).append(row)
    advice = {
        UNLISTED: f"tambahkan nama itu sebagai Nama Lain satker yang dimaksud di sheet {layout.SHEET_SATKER_LIST} (atau "
        "perbaiki di file ekspor), lalu impor lagi",
        SHARED_ALIAS: f"perbaiki kolom Nama Lain di sheet {layout.SHEET_SATKER_LIST} agar nama itu hanya milik satu "
        "satker, lalu impor lagi",
        NOT_IN_REALISATION: f"tambahkan satker itu ke tabel Pengguna Layanan dan jalankan Hitung Target (baris "
        f"{layout.SHEET_REALISATION} dibuat), lalu impor lagi",
    }
    for name, rows in sorted(by_satker.items(), key=lambda item: (-len(item[1]), item[0].casefold())):
        variant = rows[0].subjects[1] if len(rows[0].subjects) > 1 else UNLISTED
        close = list(suggest(name)) if variant == UNLISTED else []
        hint = f"; mungkin maksudnya {_quoted(close)}" if close else ""
        reason = rows[0].reason
        groups.append(
            ProblemGroup(
                UNKNOWN_SATKER,
                f"{reason[:1].upper()}{reason[1:]} ({format_number(len(rows))} baris){hint}: {advice[variant]}.",
                tuple(rows),
            )
        )
    labels: Counter[str] = Counter()
    label_rows: dict[str, list[Rejected]] = {}
    for row in rejected:
        if row.kind == UNKNOWN_LABEL:
            labels.update(row.subjects)
            for label in dict.fromkeys(row.subjects):
                label_rows.setdefault(label, []).append(row)
    for label, count in sorted(labels.items(), key=lambda item: (-item[1], item[0].casefold())):
        groups.append(
            ProblemGroup(
                UNKNOWN_LABEL,
                f"Jawaban '{label}' ({format_number(count)} jawaban, {format_number(len(label_rows[label]))} baris) tidak "
                f"ada di tabel {layout.TABLE_ANSWER_VALUES} (sheet {layout.SHEET_MAPPING}); tambahkan beserta nilainya, "
                "lalu impor lagi.",
                tuple(label_rows[label]),
            )
        )
    surveys: dict[str, list[Rejected]] = {}
    for row in rejected:
        if row.kind == UNKNOWN_SURVEY:
            surveys.setdefault(row.subjects[0] if row.subjects else "", []).append(row)
    for value, rows in sorted(surveys.items(), key=lambda item: -len(item[1])):
        groups.append(
            ProblemGroup(
                UNKNOWN_SURVEY,
                f"Jenis survei '{value}' ({format_number(len(rows))} baris): {rows[0].reason}.",
                tuple(rows),
            )
        )
    for change in changes:
        if not change.writes:
            groups.append(ProblemGroup(KEPT_NUMBER, change.describe()))
    for kind in OTHER_KINDS:
        rows = tuple(
            row
            for report in reports
            for row in (report.duplicates if kind == DUPLICATE else report.rejected)
            if row.kind == kind
        )
        if rows:
            counted = "dihitung sekali" if kind == DUPLICATE else "tidak dihitung"
            groups.append(
                ProblemGroup(kind, f"{kind}: {format_number(len(rows))} baris ({counted}); rinciannya di bawah.", rows)
            )
    return groups


def summary_lines(
    reports: Sequence[FileReport],
    changes: Sequence[CountChange],
    notices: Sequence[str],
    suggest: Suggest = lambda _name: (),
    saved: bool = True,
) -> list[str]:
    """What a person reads after an import (command line, ``--coba``, the ribbon): action first, then the counts.

    ``saved``: the sheets were written, so the lines may point at Masalah Impor (a trial run saves nothing)."""
    groups = problem_groups(reports, changes, suggest)
    lines: list[str] = []
    action = [group for group in groups if group.action]
    if action:
        lines.append(f"PERLU TINDAKAN ({len(action)}):")
        lines += [f"- {group.summary}" for group in action]
        lines.append("")
    lines.append("Hasil per file:")
    lines += [f"- {report.summary()}" for report in reports if not report.failed]
    written = [change for change in changes if change.writes]
    kinds = Counter(change.action for change in written)
    done = ", ".join(f"{format_number(count)} {action}" for action, count in kinds.items())
    lines.append(
        f"- Realisasi: {format_number(len(written))} sel diisi atau diubah" + (f" ({done})" if done else "") + "."
    )
    other = [group for group in groups if not group.action]
    notes = [notice for report in reports for notice in report.notices] + list(notices)
    if other or notes:
        lines.append("")
        lines.append("Catatan:")
        lines += [f"- {group.summary.replace('; rinciannya di bawah', '')}" for group in other]
        lines += [f"- {notice}" for notice in notes]
    if saved and any(group.rows for group in groups):
        lines.append(f"Rincian setiap baris yang tidak dihitung ada di sheet {layout.SHEET_IMPORT_PROBLEMS}.")
    return lines


def problem_rows(
    reports: Sequence[FileReport],
    changes: Sequence[CountChange],
    notices: Sequence[str],
    when: str,
    suggest: Suggest = lambda _name: (),
) -> list[list[object]]:
    """This import's rows of Masalah Impor (``layout.IMPORT_PROBLEM_HEADERS``): per group a summary line, then its rows."""
    rows: list[list[object]] = []
    for group in problem_groups(reports, changes, suggest):
        rows.append([when, group.kind, group.file, None, None, None, group.summary])
        for item in sorted(group.rows, key=lambda r: (r.file, r.row or 0)):
            rows.append([when, group.kind, item.file, item.row, item.survey, safe_text(item.satker), item.reason])
    notes = [(report.name, notice) for report in reports for notice in report.notices]
    notes += [(None, notice) for notice in notices]
    rows += [[when, NOTICE, name, None, None, None, notice] for name, notice in notes]
    if not rows:
        rows = [[when, None, None, None, None, None, "Tidak ada masalah: semua baris terhitung."]]
    return rows


def kept_rows(current: list[list[object]], earlier: Sequence[Sequence[object]]) -> list[list[object]]:
    """The sheet's rows: this import's, then earlier imports' (newest first) up to ``MAX_LISTED`` in all."""
    rows = list(current)
    if len(rows) > MAX_LISTED:
        more = len(rows) - MAX_LISTED
        rows = rows[:MAX_LISTED]
        rows.append(
            [rows[0][0], NOTICE, None, None, None, None, f"… dan {format_number(more)} baris lain tidak ditampilkan."]
        )
        return rows
    room = MAX_LISTED - len(rows)
    return rows + [list(row) for row in earlier[:room]]
