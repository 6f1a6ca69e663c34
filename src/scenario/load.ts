/**
 * Reads a scenario file and its optional settings file (`<name>.sim.json` beside it) and
 * checks, before anything runs, that every API it names exists. Any problem here is a
 * ScenarioSyntaxError: the CLI's exit status 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ALL_APIS, unknownApiMessage } from './api-spec';
import { parseScenario, ScenarioSyntaxError, type ScenarioFile, type Step } from './parse';
import type { FileOverrides } from './runner';

export interface LoadedScenario {
  scenario: ScenarioFile;
  overrides: FileOverrides;
  /** The settings file read, if any. */
  overridesFile?: string;
}

const OVERRIDE_KEYS = ['cluster', 'skip', 'adjust', 'about'];
const CLUSTER_KEYS = ['nodeNames', 'nodes', 'clusterName', 'fanOutTimeoutMs', 'tokenCacheTtlMs', 'tokenCacheMax'];

export function loadScenario(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioSyntaxError(file, undefined, `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const scenario = parseScenario(text, file);
  const sections: [string, Step[]][] = [['setup', scenario.setup], ['teardown', scenario.teardown], ...scenario.tests.map((t) => [`test [${t.name}]`, t.steps] as [string, Step[]])];
  for (const [where, steps] of sections) {
    for (const step of steps) {
      if (step.kind === 'do' && ALL_APIS[step.api] === undefined) throw new ScenarioSyntaxError(file, step, `${where} step ${step.index}: ${unknownApiMessage(step.api)}`);
    }
  }
  const overridesFile = file.replace(/\.ya?ml$/, '') + '.sim.json';
  if (overridesFile === file || !existsSync(overridesFile)) return { scenario, overrides: {} };
  return { scenario, overrides: readOverrides(overridesFile, scenario), overridesFile };
}

function readOverrides(file: string, scenario: ScenarioFile): FileOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioSyntaxError(file, undefined, `not valid JSON: ${(err as Error).message}`);
  }
  const o = parsed as Record<string, unknown>;
  const bad = Object.keys(o).find((k) => !OVERRIDE_KEYS.includes(k));
  if (bad !== undefined) throw new ScenarioSyntaxError(file, undefined, `unknown key [${bad}]; allowed: ${OVERRIDE_KEYS.join(', ')}`);
  const badCluster = Object.keys((o.cluster ?? {}) as object).find((k) => !CLUSTER_KEYS.includes(k));
  if (badCluster !== undefined) throw new ScenarioSyntaxError(file, undefined, `unknown cluster setting [${badCluster}]; allowed: ${CLUSTER_KEYS.join(', ')}`);
  const names = new Set(scenario.tests.map((t) => t.name));
  const overrides = o as FileOverrides;
  for (const name of [...Object.keys(overrides.skip ?? {}), ...(overrides.adjust ?? []).map((a) => a.test)]) {
    if (!names.has(name)) throw new ScenarioSyntaxError(file, undefined, `no test named [${name}] in ${scenario.file}; its tests: [${[...names].join(', ')}]`);
  }
  return overrides;
}
