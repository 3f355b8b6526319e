// The run's context — its options, selection, baseline, catalog version and the tester's
// environment — as name/value pairs, the same in every output that shows it (JUnit
// properties, the HTML "Run" table), so that a report read on its own says how it was made.
import type { RecordedOption, RunReport } from '../suites/core/types.js';

/** An option's value as text: a list comma-separated. */
export function optionText(v: RecordedOption): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** What --area and --case selected, in words. */
export function selectionText(report: RunReport): string {
  const { areas, cases } = report.run.selection;
  const parts = [areas.length ? `areas ${areas.join(', ')}` : '', cases.length ? `cases ${cases.join(', ')}` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : 'every case of the profile';
}

/** The catalog version with its size. */
export function catalogText(report: RunReport): string {
  const c = report.catalog;
  return `${c.version} (${c.requirements} requirements, ${c.cases} cases)`;
}

/** The run's context as JUnit property names and values (`option.<name>` per option). */
export function runProperties(report: RunReport): [string, string][] {
  const b = report.baseline;
  return [
    ...Object.entries(report.run.options).map(([k, v]): [string, string] => [`option.${k}`, optionText(v)]),
    ['selection.areas', report.run.selection.areas.join(',') || 'all'],
    ['selection.cases', report.run.selection.cases.join(',') || 'all'],
    ['baseline', report.run.baseline ?? 'none'],
    ...(b ? [['baseline.known', b.known.join(',') || 'none'] as [string, string], ['baseline.new-failures', b.newFailures.join(',') || 'none'] as [string, string]] : []),
    ['catalog', catalogText(report)],
    ['node', report.environment.node],
    ['openssl', report.environment.openssl],
  ];
}
