import type { ProblemInfo } from '../../../shared/dto';
import { uniqueProblems } from '../../../shared/problems';
import { writeOutputFile } from '../../fs/output-file';
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
 * Builds the report and writes it to `target` (a regular file, replaced, or
 * a new name; see fs/output-file.ts); gives what the report lists as not
 * read, and the bytes written.
 */
export async function writeReport(
  session: InspectSession,
  target: string,
  format: ReportFormat,
  opts: ReportOptions = {},
): Promise<{ problems: ProblemInfo[]; bytes: number }> {
  const report = await buildReport(session, opts);
  const text = format === 'html' ? renderReportHtml(report) : renderReportJson(report);
  const problems = uniqueProblems([...report.problems, ...(report.overview?.warnings ?? [])]);
  const bytes = await writeOutputFile(target, (handle) => handle.writeFile(text, 'utf8'), { replace: true });
  return { problems, bytes };
}
