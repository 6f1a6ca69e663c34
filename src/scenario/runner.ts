/**
 * Runs a parsed scenario file against a target, test by test, in Elasticsearch's order:
 * setup, the test's steps, teardown (always), with a fresh stash per test. Every outcome is
 * data — passed, failed (the step, what was expected, what was there) or skipped (why) —
 * for the reporter to print and --json to save. Nothing a file says can crash the run.
 */
import { asRegex, check, show } from './assertions';
import { ApiParamError, buildRequest } from './api-spec';
import type { DoStep, ScenarioFile, ScenarioTest, Step } from './parse';
import { needsVersions, skipReason, topRequiresReason } from './requirements';
import { checkWarnings, warningRules } from './warnings';
import { isSimApi } from './sim-steps';
import { Stash, StashError, valueAt } from './stash';
import type { Target, TargetResponse } from './targets';

/** Per-file settings beside a file (`<name>.sim.json`): see fixtures/es-yaml/README.md. */
export interface FileOverrides {
  /** In-process cluster options the file expects (e.g. nodeNames, clusterName). */
  cluster?: Record<string, unknown>;
  /** Tests to report as skipped, with the reason. */
  skip?: Record<string, string>;
  /** Assertions whose expected value is replaced, each with the reason (reported on every run). */
  adjust?: { test: string; path: string; expected: unknown; reason: string }[];
}

export interface StepFailure {
  section: Step['section'];
  step: number;
  line: number;
  column: number;
  source: string;
  message: string;
  expected?: string;
  actual?: string;
}

export interface TestResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
  failure?: StepFailure;
  notes: string[];
}

export interface FileResult {
  file: string;
  target: string;
  tests: TestResult[];
}

/** Codes `catch` names (README.asciidoc, `do`). */
const CATCH_STATUS: Record<string, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, missing: 404, request_timeout: 408, conflict: 409, unavailable: 503 };

class StepFailed extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

interface TestState {
  stash: Stash;
  response: unknown;
  responseText: string;
  notes: string[];
  test: ScenarioTest;
  /** Journal seq before the previous step: where a `sim.wait_for` looks from by default. */
  previousStepSeq: number;
  tracksJournal: boolean;
}

export async function runFile(file: ScenarioFile, target: Target, overrides: FileOverrides = {}): Promise<FileResult> {
  // The target's versions are asked for once, and only when a `skip: version` range needs them.
  const sections = [file.setup, file.teardown, ...file.tests.map((t) => t.steps)];
  const versions = sections.some(needsVersions) ? await target.versions() : undefined;
  const fileSkip = topRequiresReason(file.topRequires) ?? skipReason(file.setup, versions) ?? skipReason(file.teardown, versions);
  const tests: TestResult[] = [];
  for (const test of file.tests) {
    const all = [...file.setup, ...test.steps, ...file.teardown];
    const reason =
      fileSkip ??
      overrides.skip?.[test.name] ??
      skipReason(test.steps, versions) ??
      (!target.hasSim && all.some((s) => s.kind === 'do' && isSimApi(s.api)) ? `uses simulator steps (sim.*), and ${target.description} has no /_sim API` : null);
    if (reason !== null) {
      tests.push({ name: test.name, status: 'skipped', reason, notes: [] });
      continue;
    }
    tests.push(await runTest(file, test, target, overrides));
  }
  return { file: file.file, target: target.description, tests };
}

async function runTest(file: ScenarioFile, test: ScenarioTest, target: Target, overrides: FileOverrides): Promise<TestResult> {
  const tracksJournal = target.hasSim && [...file.setup, ...test.steps, ...file.teardown].some((s) => s.kind === 'do' && s.api === 'sim.wait_for');
  const state: TestState = { stash: new Stash(), response: undefined, responseText: '', notes: [], test, previousStepSeq: 0, tracksJournal };
  let failure: StepFailure | undefined;
  const run = async (steps: Step[]) => {
    for (const step of steps) {
      if (step.kind === 'skip' || step.kind === 'requires') continue;
      try {
        await runStep(step, state, target, overrides);
      } catch (err) {
        return toFailure(step, err);
      }
    }
    return undefined;
  };
  failure = await run(file.setup);
  if (failure === undefined) failure = await run(test.steps);
  const teardownFailure = await run(file.teardown);
  failure ??= teardownFailure;
  return failure === undefined
    ? { name: test.name, status: 'passed', notes: state.notes }
    : { name: test.name, status: 'failed', failure, notes: state.notes };
}

function toFailure(step: Step, err: unknown): StepFailure {
  const base = { section: step.section, step: step.index, line: step.line, column: step.column, source: step.source };
  if (err instanceof StepFailed) return { ...base, message: err.message, expected: err.expected, actual: err.actual };
  if (err instanceof StashError || err instanceof ApiParamError) return { ...base, message: err.message };
  return { ...base, message: `could not run this step: ${err instanceof Error ? err.message : String(err)}` };
}

async function runStep(step: Step, state: TestState, target: Target, overrides: FileOverrides): Promise<void> {
  const seqBefore = state.tracksJournal ? await target.journalSeq() : 0;
  try {
    if (step.kind === 'do') await runDo(step, state, target);
    else if (step.kind === 'set') runSet(step.pairs, state);
    else if (step.kind === 'assert') runAssert(step, state, overrides);
  } finally {
    state.previousStepSeq = seqBefore;
  }
}

async function runDo(step: DoStep, state: TestState, target: Target): Promise<void> {
  const params = state.stash.resolve(step.params) as Record<string, unknown>;
  if (step.api === 'sim.wait_for' && params.since === undefined) params.since = state.previousStepSeq;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.stash.resolve(step.headers) as Record<string, unknown>)) headers[k] = String(v);
  let request;
  try {
    request = buildRequest(step.api, params);
  } catch (err) {
    if (err instanceof ApiParamError && step.catch === 'param') return;
    throw err;
  }
  if (step.catch === 'param') throw new StepFailed(`expected a client-side parameter error (catch: param), but [${step.api}] accepted these parameters`);
  const res = await target.send({ ...request, headers });
  state.responseText = res.text;
  state.response = parseBody(res, request.method);
  state.stash.set('body', res.text);
  if (step.api === 'sim.advance' && res.status === 200 && (state.response as { clock?: string }).clock === 'system') {
    state.notes.push(`sim.advance ${String(params.ms)} ms: waited ${String(params.ms)} ms in real time (the target's clock is real)`);
  }
  checkStatus(step, res);
  // Elasticsearch's runner checks warnings on successful responses only (DoSection#execute).
  if (res.status < 400) {
    const problem = checkWarnings(res.headers.warning, warningRules(step.options));
    if (problem !== null) throw new StepFailed(`[${step.api}] ${problem}`);
  }
}

function parseBody(res: TargetResponse, method: string): unknown {
  if (method === 'HEAD') return res.status < 300;
  if ((res.headers['content-type'] ?? '').includes('json') && res.text !== '') {
    try {
      return JSON.parse(res.text);
    } catch {
      return res.text;
    }
  }
  return res.text;
}

function errorSummary(res: TargetResponse): string {
  return `${res.status} ${res.text.length > 400 ? `${res.text.slice(0, 400)}...` : res.text}`;
}

function checkStatus(step: DoStep, res: TargetResponse): void {
  const failed = res.status >= 400;
  if (step.catch === undefined) {
    if (failed && !step.ignore.includes(res.status)) throw new StepFailed(`[${step.api}] failed`, 'a successful response', errorSummary(res));
    return;
  }
  const c = step.catch;
  const re = asRegex(c);
  if (!failed) throw new StepFailed(`expected [${step.api}] to fail (catch: ${c}) but it succeeded`, `an error (catch: ${c})`, errorSummary(res));
  if (re !== null) {
    if (!re.test(res.text)) throw new StepFailed(`the error does not match ${c}`, `an error matching ${c}`, errorSummary(res));
    return;
  }
  if (c === 'request') {
    if (Object.values(CATCH_STATUS).includes(res.status)) throw new StepFailed(`catch: request means an error other than the named ones; got ${res.status}`, 'an error status not named by catch (e.g. 500)', errorSummary(res));
    return;
  }
  const want = CATCH_STATUS[c];
  if (want === undefined) throw new StepFailed(`unknown catch [${c}]; allowed: ${[...Object.keys(CATCH_STATUS), 'request', 'param', '/regex/'].join(', ')}`);
  if (res.status !== want) throw new StepFailed(`expected [${step.api}] to fail with ${want} (catch: ${c})`, `status ${want}`, errorSummary(res));
}

function runSet(pairs: [string, string][], state: TestState): void {
  for (const [path, name] of pairs) {
    const value = valueAt(state.response, state.stash.resolvePath(path));
    if (value === undefined) throw new StepFailed(`set: nothing at [${path}] in the last response`, `a value at [${path}]`, show(state.response));
    state.stash.set(name, value);
  }
}

function runAssert(step: Extract<Step, { kind: 'assert' }>, state: TestState, overrides: FileOverrides): void {
  const adjusted = overrides.adjust?.find((a) => a.test === state.test.name && a.path === step.path);
  let expected = state.stash.resolve(adjusted === undefined ? step.expected : adjusted.expected);
  if (adjusted !== undefined) state.notes.push(`adjusted ${step.op} [${step.path}] (line ${step.line}): ${adjusted.reason}`);
  let actual: unknown;
  if (step.path === '$body') {
    actual = asRegex(expected) !== null ? state.responseText : state.response;
  } else {
    const segments = step.path === '' ? [] : state.stash.resolvePath(step.path);
    actual = valueAt(state.response, segments);
  }
  if (typeof expected === 'string' && step.op !== 'match' && step.op !== 'contains' && /^-?\d+(\.\d+)?$/.test(expected)) expected = Number(expected);
  const result = check(step.op, actual, expected);
  if (result !== null) throw new StepFailed(`${step.op} [${step.path === '' ? "''" : step.path}] ${result.message}`, result.expected, result.actual);
}
