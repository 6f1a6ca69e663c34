/**
 * What the soak knows about the index tokens it creates: live (created, not deleted),
 * deleted (a delete answered found, or the security index was deleted after it was created),
 * or unknown (an answer never came, or an index deletion raced with it). At the end, live
 * tokens must authenticate on every node and deleted ones nowhere; unknown ones are not judged.
 */
export type TokenState = 'live' | 'deleted' | 'unknown';

export class TokenModel {
  private readonly tokens = new Map<string, { value: string; state: TokenState }>();
  private epoch = 0;
  private deleting = 0;

  /** The epoch to pass to created(): a create that spans an index deletion is unknown. */
  begin(): number {
    return this.deleting > 0 ? -1 : this.epoch;
  }

  created(name: string, value: string, since: number): void {
    this.tokens.set(name, { value, state: since === this.epoch && this.deleting === 0 ? 'live' : 'unknown' });
  }

  /** `found` true: deleted; false (404): it was already gone; undefined: no answer. */
  deleted(name: string, found: boolean | undefined): void {
    const t = this.tokens.get(name);
    if (t === undefined) return;
    t.state = found === undefined ? 'unknown' : 'deleted';
  }

  indexDeleteStarted(): void {
    this.deleting++;
    this.epoch++;
  }

  /** `applied`: the index is gone, so is every live token; `unknown`: they may be; `refused`: nothing changed. */
  indexDeleteEnded(outcome: 'applied' | 'unknown' | 'refused'): void {
    this.deleting--;
    if (outcome === 'refused') return;
    for (const t of this.tokens.values()) if (t.state === 'live') t.state = outcome === 'applied' ? 'deleted' : 'unknown';
  }

  live(): Array<{ name: string; value: string }> {
    return this.list('live');
  }

  deletedOnes(): Array<{ name: string; value: string }> {
    return this.list('deleted');
  }

  count(state: TokenState): number {
    return this.list(state).length;
  }

  private list(state: TokenState): Array<{ name: string; value: string }> {
    return [...this.tokens].filter(([, t]) => t.state === state).map(([name, t]) => ({ name, value: t.value }));
  }
}
