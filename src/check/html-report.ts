import type { Experiment } from './experiment-file';
import type { ExperimentResult } from './experiment';
export function htmlReport(r: ExperimentResult, exp: Experiment): string {
  return `<!doctype html><title>${r.experiment}</title><pre>${JSON.stringify(r)}${exp.source}</pre>`;
}
