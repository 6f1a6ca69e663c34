/**
 * `skip` and `requires` (Elasticsearch's SkipSection / PrerequisiteSection): whether a test
 * or a whole file runs here, and if not, the reason to report. Anything this runner cannot
 * check is a reason to skip, never to pass.
 */
import { asList, type Step } from './parse';
import { versionSkips, type VersionContext } from './version-range';

/** Test-runner features this runner implements (README.asciidoc, "Available test runner features"). */
export const RUNNER_FEATURES = [
  'headers',
  'catch_unauthorized',
  'contains',
  'close_to',
  'is_after',
  'warnings',
  'allowed_warnings',
  'warnings_regex',
  'allowed_warnings_regex',
  'stash_in_key',
  'stash_in_path',
  'embedded_stash_key',
  'arbitrary_key',
  'xpack',
];


function missingFeatures(v: unknown): string | null {
  const missing = asList(v).filter((f) => !RUNNER_FEATURES.includes(f));
  return missing.length === 0 ? null : `needs runner feature${missing.length > 1 ? 's' : ''} [${missing.join(', ')}], which this runner lacks (it has: ${RUNNER_FEATURES.join(', ')})`;
}

/** Whether `steps` open with a `skip: version` that needs the cluster's versions to decide. */
export function needsVersions(steps: Step[]): boolean {
  for (const step of steps) {
    if (step.kind !== 'skip' && step.kind !== 'requires') return false;
    if (step.kind === 'skip' && step.spec.version !== undefined && String(step.spec.version).trim() !== 'all') return true;
  }
  return false;
}

/**
 * Why `steps`' leading skip/requires sections stop the test, or null to run it. A version
 * range is decided against `versions` (the target's), and is a reason to skip when they are
 * not known.
 */
export function skipReason(steps: Step[], versions?: VersionContext): string | null {
  for (const step of steps) {
    if (step.kind !== 'skip' && step.kind !== 'requires') break;
    const s = step.spec;
    const why = String(s.reason ?? '').trim();
    const because = why === '' ? '' : `: ${why}`;
    if (step.kind === 'requires') {
      const features = missingFeatures(s.test_runner_features);
      if (features !== null) return features;
      const cluster = asList(s.cluster_features);
      if (cluster.length > 0) return `requires cluster features [${cluster.join(', ')}], which the simulator does not report${because}`;
    } else {
      const features = missingFeatures(s.features);
      if (features !== null) return features;
      if (s.awaits_fix !== undefined) return `awaits fix ${String(s.awaits_fix)}${because}`;
      if (s.version !== undefined && String(s.version).trim() === 'all') return `skipped on every version${because}`;
      if (s.version !== undefined) {
        const range = String(s.version);
        if (versions === undefined) return `skips by version range [${range}], and the target's versions are not known${because}`;
        try {
          if (versionSkips(range, versions)) return `skipped on version [${[...new Set(versions.nodeVersions)].join(', ')}] by range [${range.trim()}]${because}`;
        } catch (err) {
          return `skips by version range [${range}], which cannot be read: ${(err as Error).message}`;
        }
      }
      // cluster_features / known_issues name features the simulator does not have, so they
      // do not apply; os: the simulator is no listed operating system.
    }
  }
  return null;
}

/** A clients-tests top-level `requires: {stack, serverless, feature_flag}`: met by a stack cluster. */
export function topRequiresReason(requires: Record<string, unknown> | undefined): string | null {
  if (requires === undefined) return null;
  if (requires.stack === false) return 'the file is for serverless only (requires.stack: false); the simulator is a stack cluster';
  if (requires.feature_flag !== undefined) return `needs feature flag [${String(requires.feature_flag)}], which the simulator does not have`;
  const unknown = Object.keys(requires).filter((k) => !['stack', 'serverless'].includes(k));
  return unknown.length === 0 ? null : `top-level requires [${unknown.join(', ')}] is not understood by this runner`;
}
