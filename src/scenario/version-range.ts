/**
 * `skip: version` as Elasticsearch's YAML test runner reads it (VersionRange in
 * test/yaml-rest-runner, org.elasticsearch.test.rest.yaml.section): `all`, `current`,
 * `non_current`, `mixed`, or comma-separated ranges `lower - upper` (either end may be
 * blank: from the first version, up to the current one), both ends included. A range
 * matches when the lowest version among the cluster's nodes lies inside it.
 */

/** What a version skip is tested against. */
export interface VersionContext {
  /** The version of every node of the cluster under test, as `x.y.z` (qualifiers allowed). */
  nodeVersions: readonly string[];
  /** The version this runner implements (Elasticsearch's Build.current()): the simulator's. */
  current: string;
}

type Triple = [number, number, number];

/** `8.11.0`, `8.11.0-SNAPSHOT` → [8, 11, 0]; undefined when not x.y.z. */
function parse(version: string): Triple | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])];
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const FIRST: Triple = [0, 0, 0];

/**
 * Whether `raw` skips a test on a cluster described by `context`. Throws an Error naming
 * the problem when the range cannot be read (Elasticsearch's runner rejects the file).
 */
export function versionSkips(raw: string, context: VersionContext): boolean {
  const spec = raw.trim();
  const versions = new Set(context.nodeVersions.map((v) => v.trim()));
  if (spec === 'all') return true;
  if (spec === 'current') return versions.size === 1 && versions.has(context.current);
  if (spec === 'non_current') return !(versions.size === 1 && versions.has(context.current));
  if (spec === 'mixed') return versions.size > 1;
  const current = parse(context.current);
  if (current === undefined) throw new Error(`the runner's own version [${context.current}] is not x.y.z`);
  const parsed = [...versions].map(parse);
  if (parsed.length === 0 || parsed.some((v) => v === undefined)) {
    throw new Error(`checks against a version range need every node version as x.y.z; got [${[...versions].join(', ')}]`);
  }
  const lowest = (parsed as Triple[]).reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  return spec.split(',').some((range) => {
    const ends = range.split('-');
    if (ends.length !== 2) throw new Error(`version range malformed: [${raw}] (each range is "lower - upper", either end may be blank)`);
    const [lowerText, upperText] = ends.map((e) => e.trim()) as [string, string];
    const lower = lowerText === '' ? FIRST : parse(lowerText);
    const upper = upperText === '' ? current : parse(upperText);
    if (lower === undefined || upper === undefined) throw new Error(`version range malformed: [${raw}] (versions are x.y.z)`);
    return compare(lowest, lower) >= 0 && compare(lowest, upper) <= 0;
  });
}
