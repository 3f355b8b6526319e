// Reports built from hand-made cases, with the summary computed as a run computes it (so the
// outputs rendering it can agree), and a report re-gated under the other --gate.
import { summarize } from '../../suites/core/summary.js';
import type { CaseResult, Gate, RunReport } from '../../suites/core/types.js';

/** The report with its summary computed under `gate` (a report renders the gate it was made with). */
export function underGate(r: RunReport, gate: Gate): RunReport {
  return { ...r, summary: summarize(r.cases, gate, { noneSelected: false, interrupted: r.interrupted === true }) };
}

/** A report of these cases: the context fields filled, the summary computed under `gate`. */
export function reportOf(cases: CaseResult[], over: Partial<RunReport> = {}, gate: Gate = 'must'): RunReport {
  const r: RunReport = {
    tool: { name: 'taxii-conform', version: '0.1.0' },
    environment: { node: '20.20.2', openssl: '3.0.19' },
    profile: 'taxii2-predraft',
    target: 'https://t.example/taxii/',
    startedAt: '2026-11-23T08:44:38.123Z',
    durationMs: 3120,
    run: { options: { profile: 'taxii2-predraft', gate, 'read-only': false, insecure: true, timeout: 15000, format: ['json', 'junit'] }, selection: { areas: [], cases: [] }, baseline: null },
    catalog: { version: 'sha256:0123456789abcdef', requirements: 123, cases: 146 },
    cases,
    requirements: [],
    summary: summarize(cases, gate, { noneSelected: false, interrupted: false }),
    ...over,
  };
  return over.summary ? r : underGate(r, gate);
}
