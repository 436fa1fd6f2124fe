import { rename, rm, writeFile } from 'node:fs/promises';
import type { ProblemInfo } from '../../../shared/dto';
import { uniqueProblems } from '../../../shared/problems';
import type { InspectSession } from '../session';
import { renderReportHtml, renderReportJson } from './report-html';
import { buildReport, type ReportOptions } from './report-model';

export type ReportFormat = 'html' | 'json';

/** The report as text: self-contained HTML or JSON. */
export async function renderReport(
  session: InspectSession,
  format: ReportFormat,
  opts: ReportOptions = {},
): Promise<string> {
  const report = await buildReport(session, opts);
  return format === 'html' ? renderReportHtml(report) : renderReportJson(report);
}

/**
 * Builds the report and writes it to `target` (through a temporary file
 * beside it, then renamed); gives what the report lists as not read.
 */
export async function writeReport(
  session: InspectSession,
  target: string,
  format: ReportFormat,
  opts: ReportOptions = {},
): Promise<{ problems: ProblemInfo[] }> {
  const report = await buildReport(session, opts);
  const text = format === 'html' ? renderReportHtml(report) : renderReportJson(report);
  const problems = uniqueProblems([...report.problems, ...(report.overview?.warnings ?? [])]);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { problems };
}
