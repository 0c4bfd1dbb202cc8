/**
 * Data out (issue 14): the responses as CSV for the clinical databases, and the quality indicators.
 * Columns and definitions: docs/indicators.md, "The CSV export" and "Quality indicators".
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Indicators, PeriodQuery, ResponsesExportQuery } from '../contract/indicators.js';
import { csvNumber, csvText, EXCEL_DA_DELIMITER, EXCEL_DA_HEADINGS, excelDaNumber, excelDaText, excelDaTime } from '../domain/csv.js';
import { indicators, periodOf } from '../domain/indicators.js';
import {
  exportedVersions, exportPage, invitationFacts, latestDecisions, latestReferrals, referralFacts, responseFacts, scoresOf, type ExportFilter,
} from '../storage/data-out.js';
import { figureUnits, scopeOf, visibleUnits } from './access.js';
import { recordAudit } from './audit.js';
import { adherenceBetween } from './programmes.js';
import type { ServiceContext, StaffActor } from './context.js';
import { SITE_TIME_ZONE } from './flag-loop.js';

/** Responses read per page: memory holds one page (with its scores) at a time. */
export const EXPORT_PAGE_SIZE = 500;

/** The CSV's columns before and after the score columns (one `score_<scale id>` per scale). */
const LEADING_COLUMNS = ['response_id', 'patient_external_id', 'questionnaire_id', 'questionnaire_version', 'mode', 'trigger', 'submitted_at'] as const;
const TRAILING_COLUMNS = ['proposed_level', 'urgent', 'decision', 'decision_note', 'decided_at', 'referral_outcome', 'referral_reason', 'referral_decided_at'] as const;

export interface CsvExport {
  filename: string;
  /** The CSV text, produced as it is read: pipe it with backpressure (stream/promises pipeline). */
  body: Readable;
}

/**
 * GET /api/export/responses.csv: one row per response submitted in the period (of one questionnaire
 * when asked), in the order they were stored. Audited when the export starts (who, which period).
 */
export async function exportResponsesCsv(ctx: ServiceContext, by: StaffActor, query: ResponsesExportQuery): Promise<CsvExport> {
  const { start, end } = periodOf(query.from, query.to, SITE_TIME_ZONE);
  // Need-to-know (issue 24): the responses made in her units; a site admin's, every unit's.
  const unitIds = visibleUnits(await scopeOf(ctx.db, by, ctx.now()));
  const filter: ExportFilter = { start, end, unitIds, ...(query.questionnaireId === undefined ? {} : { questionnaireId: query.questionnaireId }) };
  const scales = await scaleColumns(ctx, filter);
  const excel = query.format === 'excel-da';
  await recordAudit(ctx.db, by, ctx.now(), {
    action: 'responses.exported', entityType: 'response', details: { format: excel ? 'csv-excel-da' : 'csv', from: query.from, to: query.to, questionnaireId: query.questionnaireId ?? null, unitIds },
  });
  const columns = [...LEADING_COLUMNS, ...scales.map((s) => `score_${s.id}`), ...TRAILING_COLUMNS];
  const name = `lindring-responses-${query.from}-${query.to}${query.questionnaireId ? `-${safeFilePart(query.questionnaireId)}` : ''}`;
  const records = Readable.from(csvRecords(ctx, filter, scales.map((s) => s.id)));
  if (excel) {
    // Excel with Danish settings: semicolons, a byte-order mark, Danish headings (domain/csv.ts); CRLF and RFC 4180 quoting as the machine CSV.
    const headings = columns.map((c, i) => EXCEL_DA_HEADINGS[c] ?? `Score: ${scales[i - LEADING_COLUMNS.length]?.title ?? c}`);
    const csv = stringify({ header: true, columns: headings, delimiter: EXCEL_DA_DELIMITER, bom: true, record_delimiter: 'windows', quote_record_delimiter: true });
    return { filename: `${name}-excel.csv`, body: records.pipe(new ExcelDaCells(columns)).pipe(csv) };
  }
  // RFC 4180: CRLF between records, fields with a comma, quote or line break in quotes (quotes doubled).
  const csv = stringify({ header: true, columns, record_delimiter: 'windows', quote_record_delimiter: true });
  return { filename: `${name}.csv`, body: records.pipe(new MachineCells()).pipe(csv) };
}

/** Every scale of the questionnaire versions answered in the period, in the definitions' order, with its Danish title (the Excel heading). */
async function scaleColumns(ctx: ServiceContext, filter: ExportFilter): Promise<{ id: string; title: string }[]> {
  const scales = new Map<string, string>();
  for (const v of await exportedVersions(ctx.db, filter)) {
    const q = await ctx.questionnaires.version(ctx.db, v.questionnaire_id, v.questionnaire_version);
    for (const scale of q?.definition.scales ?? []) if (!scales.has(scale.id)) scales.set(scale.id, scale.title.da);
  }
  return [...scales].map(([id, title]) => ({ id, title }));
}

/** A response's cells before formatting: text, scores (number, or undefined when missing) and instants (ISO). */
type RawCell = string | number | null | undefined;

/** The machine CSV's cells: text through csvText (no cell a spreadsheet runs as a formula), scores unrounded through csvNumber. */
class MachineCells extends Transform {
  constructor() {
    super({ objectMode: true });
  }
  override _transform(row: RawCell[], _enc: BufferEncoding, done: TransformCallback): void {
    done(null, row.map((cell) => (typeof cell === 'string' ? csvText(cell) : csvNumber(cell))));
  }
}

/** The Excel (Danish) CSV's cells: Danish words for codes, scores to one decimal with a comma, times in the clinic's zone. */
class ExcelDaCells extends Transform {
  constructor(private readonly columns: readonly string[]) {
    super({ objectMode: true });
  }
  override _transform(row: RawCell[], _enc: BufferEncoding, done: TransformCallback): void {
    done(null, row.map((cell, i) => {
      const column = this.columns[i]!;
      if (typeof cell !== 'string') return excelDaNumber(cell);
      return TIME_COLUMNS.has(column) ? excelDaTime(cell, SITE_TIME_ZONE) : excelDaText(column, cell);
    }));
  }
}
const TIME_COLUMNS: ReadonlySet<string> = new Set(['submitted_at', 'decided_at', 'referral_decided_at']);

/** The rows, page by page; the next page is read only when the stream asks for more. */
async function* csvRecords(ctx: ServiceContext, filter: ExportFilter, scales: readonly string[]): AsyncGenerator<RawCell[]> {
  let after: string | null = null;
  for (;;) {
    const page = await exportPage(ctx.db, filter, after, EXPORT_PAGE_SIZE);
    if (page.length === 0) return;
    const flagIds = page.flatMap((r) => (r.flag_id === null ? [] : [r.flag_id]));
    const [scores, decisions, referrals] = [
      await scoresOf(ctx.db, page.map((r) => r.id)), await latestDecisions(ctx.db, flagIds), await latestReferrals(ctx.db, flagIds),
    ];
    const scoresByResponse = new Map<string, Map<string, number | null>>();
    for (const s of scores) {
      const byScale = scoresByResponse.get(s.response_id) ?? scoresByResponse.set(s.response_id, new Map()).get(s.response_id)!;
      byScale.set(s.scale, s.score);
    }
    for (const r of page) {
      const decision = r.flag_id === null ? undefined : decisions.get(r.flag_id);
      const referral = r.flag_id === null ? undefined : referrals.get(r.flag_id);
      const scoreOf = scoresByResponse.get(r.id);
      // Strings are text cells, anything else a score (the format decides how each is written).
      yield [
        r.id, r.external_id, r.questionnaire_id, r.questionnaire_version, r.mode ?? 'self', r.trigger, r.submitted_at,
        // Empty when the scale is missing (too few answers) or not in this response's questionnaire.
        ...scales.map((s) => scoreOf?.get(s) ?? undefined),
        r.level ?? '', r.urgent === null ? '' : r.urgent ? 'true' : 'false',
        decision?.action ?? '', decision?.note ?? '', decision?.decided_at ?? '',
        referral?.status ?? '', referral?.decision_reason ?? '', referral?.decided_at ?? '',
      ];
    }
    after = page[page.length - 1]!.id;
  }
}

/** A questionnaire id as part of a file name: letters, digits, dot, dash and underscore only. */
function safeFilePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** GET /api/indicators?from=&to=: the period's figures and the same per month. Audited (who, which period): they are drawn from patients' data. */
export async function readIndicators(ctx: ServiceContext, by: StaffActor, query: PeriodQuery): Promise<Indicators> {
  const { start, end } = periodOf(query.from, query.to, SITE_TIME_ZONE);
  // Her units' figures (issue 24; a team's, also those of the units that refer to it); a site admin's, the whole site's.
  const unitIds = await figureUnits(ctx.db, await scopeOf(ctx.db, by, ctx.now()));
  await recordAudit(ctx.db, by, ctx.now(), { action: 'indicators.read', entityType: 'indicators', details: { from: query.from, to: query.to, unitIds } });
  const [invitations, responses, referrals] = [
    await invitationFacts(ctx.db, start, end, unitIds), await responseFacts(ctx.db, start, end, unitIds), await referralFacts(ctx.db, start, end, unitIds),
  ];
  const programmes = await adherenceBetween(ctx, start, end);
  const figures = indicators(
    {
      invitations: invitations.map((i) => ({ patientId: i.patient_id, createdAt: i.created_at, answeredAt: i.answered_at })),
      responses: responses.map((r) => ({
        patientId: r.patient_id, submittedAt: r.submitted_at, mode: r.mode, level: r.level, flagCreatedAt: r.flag_created_at,
        dueAt: r.due_at, firstActionAt: r.first_action_at, closedAt: r.closed_at, decision: r.decision ?? null,
      })),
      referrals: referrals.map((r) => ({ createdAt: r.created_at, status: r.status, decidedAt: r.decided_at, reason: r.decision_reason })),
    },
    query.from,
    query.to,
    SITE_TIME_ZONE,
    ctx.now(),
  );
  // issue 25: adherence per programme
  return { ...figures, programmes };
}
