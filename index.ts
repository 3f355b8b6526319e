// The library: what `import { … } from 'taxii-conform'` gives a vendor's own Node or vitest
// tests. Run the suite against a server, start the reference mock (or a faulty one), look a
// profile up, write the reports, and the types of what goes in and comes out. The CLI
// (bin/) is a thin layer over the same functions.
export { runSuite, selectCases } from './suites/core/runner.js';
export type { RunOptions, RunOutcome, CleanupProgress } from './suites/core/runner.js';
export { getProfile, PROFILE_IDS, DEFAULT_PROFILE } from './suites/registry.js';
export type { Profile } from './suites/core/profile.js';
export type { Credentials } from './suites/core/credentials.js';
export { readBaseline } from './suites/core/baseline.js';
export type { Baseline, BaselineEntry } from './suites/core/baseline.js';

export { startMock, listFaults, listVariants } from './mock-server/index.js';
export type { MockOptions, RunningMock, MountedEntry } from './mock-server/index.js';

export {
  writeReports,
  parseReportFormats,
  REPORT_FORMATS,
  ReportWriteError,
  renderConsole,
  toJson,
  toJunit,
  renderHtml,
} from './reports/index.js';
export type { ReportFormat, WriteReportsOptions, ConsoleOptions } from './reports/index.js';

export type {
  // A case (data) and a requirement of a spec.
  CaseDef,
  LoadedCase,
  Step,
  Check,
  Precondition,
  Assertion,
  RequestSpec,
  Requirement,
  Level,
  ProfileId,
  // What a run gives: verdicts, evidence, the report.
  Verdict,
  Gate,
  CaseResult,
  CheckResult,
  WeakerCheck,
  RequirementResult,
  Evidence,
  HttpEvidence,
  TlsEvidence,
  DnsEvidence,
  RunReport,
  ReportSummary,
  SummaryCount,
  RunContext,
  RecordedOption,
  CatalogVersion,
  BaselineOutcome,
  Fault,
  Variant,
  // A TLS client certificate and its key (Credentials.clientCert).
  ClientIdentity,
} from './suites/core/types.js';
