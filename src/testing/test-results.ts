import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FlowTestReport } from './test-flow.js';

/** What is kept of a `syncline test` run, for the plan's "mapping tested" check and the dashboard. */
export interface TestResult {
  readonly flow: string;
  readonly at: string;
  readonly passed: boolean;
  readonly fixtures: number;
  readonly fixtureFailures: number;
  readonly generatedCases: number;
  readonly findings: readonly {
    readonly code: string;
    readonly targetField: string;
    readonly count: number;
  }[];
}

function resultPath(baseDir: string, flow: string): string {
  return path.join(baseDir, '.syncline', 'test-results', `${flow}.json`);
}

/** Keeps the latest result per flow beside the state store (.syncline/test-results/FLOW.json). */
export async function saveTestResult(baseDir: string, report: FlowTestReport, at: Date): Promise<void> {
  const result: TestResult = {
    flow: report.flow,
    at: at.toISOString(),
    passed: report.passed,
    fixtures: report.fixtures.total,
    fixtureFailures: report.fixtures.failures.length + report.fixtures.problems.length,
    generatedCases: report.generated.cases,
    findings: report.generated.findings.map(({ code, targetField, count }) => ({ code, targetField, count })),
  };
  const file = resultPath(baseDir, report.flow);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** The latest `syncline test` result of a flow, if it was ever tested. */
export async function loadTestResult(baseDir: string, flow: string): Promise<TestResult | undefined> {
  try {
    return JSON.parse(await readFile(resultPath(baseDir, flow), 'utf8')) as TestResult;
  } catch {
    return undefined;
  }
}
