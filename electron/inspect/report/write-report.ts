import { rename, rm, writeFile } from 'node:fs/promises';
import type { InspectSession } from '../session';
import { renderReportHtml, renderReportJson } from './report-html';
import { buildReport, type ReportOptions } from './report-model';

export type ReportFormat = 'html' | 'json';

/** Builds the report and writes it to `target` (through a temporary file beside it, then renamed). */
export async function writeReport(
  session: InspectSession,
  target: string,
  format: ReportFormat,
  opts: ReportOptions = {},
): Promise<void> {
  const report = await buildReport(session, opts);
  const text = format === 'html' ? renderReportHtml(report) : renderReportJson(report);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
