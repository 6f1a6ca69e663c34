/**
 * The simulated `.security` index: the cluster's single source of truth for index tokens
 * (`IndexServiceAccountTokenStore`). It lives with the coordinator; nodes read it with a real-time GET over the
 * transport, and every change of its state (exists, health, uuid, format) is announced so
 * the cluster can send it to each node as a message. Saved with write-to-temp-then-rename.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../atomic-write';
import { indexNotFound, unavailableShards, versionConflict } from '../errors';
import type { IndexHealth, SecurityIndexState } from '../protocol';

export const SECURITY_ALIAS = '.security';
export const SECURITY_CONCRETE_INDEX = '.security-7';

export interface TokenCreator {
  principal: string;
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  realm: string;
  realm_type: string;
}

/** A token document, fields as `IndexServiceAccountTokenStore`. */
export interface TokenDocument {
  doc_type: 'service_account_token';
  version: number;
  username: string;
  name: string;
  creation_time: number;
  enabled: boolean;
  creator: TokenCreator;
  password: string;
}

/** A native-realm user as stored (the password only as a hash). */
export interface UserDocument {
  username: string;
  password: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  enabled: boolean;
}

/** A role as stored: the fields of a role descriptor, in ES order. */
export type RoleDocument = Record<string, unknown> & { cluster: string[] };

interface Persisted {
  state: SecurityIndexState;
  docs: Record<string, { doc: TokenDocument; version: number }>;
  users?: Record<string, UserDocument>;
  roles?: Record<string, RoleDocument>;
}

/** The version id ES writes into documents (informational, `IndexServiceAccountTokenStore`): 9.4.4 as an ES version id. */
const VERSION_ID = 9_04_04_99;

export function tokenDocumentId(key: string): string {
  return `service_account_token-${key}`;
}


export interface SecurityIndexOptions {
  /** Where to keep it; none for an in-memory index. */
  file?: string;
  newUuid: () => string;
  now: () => number;
  /** How a save reaches the disk (tests inject one that fails); write-to-temp-then-rename by default. */
  write?: (file: string, content: string) => void;
}

/** Everything a write may change, swapped in at once after the save succeeded. */
interface Contents {
  state: SecurityIndexState;
  docs: Map<string, { doc: TokenDocument; version: number }>;
  users: Map<string, UserDocument>;
  roles: Map<string, RoleDocument>;
}

/**
 * Every write is all-or-nothing: it is checked, then made on a copy, then the copy is
 * serialized and saved, and only then does it replace what readers see. A save that throws
 * (disk full, a value that cannot be serialized) changes nothing, in memory or on disk, and
 * the next write starts from the same state as before.
 */
export class SecurityIndex {
  private contents: Contents = { state: { health: null, uuid: null, upToDate: true }, docs: new Map(), users: new Map(), roles: new Map() };
  private readonly listeners: ((state: SecurityIndexState) => void)[] = [];

  constructor(private readonly options: SecurityIndexOptions) {
    if (options.file !== undefined) this.load(options.file);
  }

  private get current(): SecurityIndexState {
    return this.contents.state;
  }

  state(): SecurityIndexState {
    return { ...this.current };
  }

  get exists(): boolean {
    return this.current.health !== null;
  }

  onStateChange(listener: (state: SecurityIndexState) => void): void {
    this.listeners.push(listener);
  }

  /** Real-time GET of a token's hash (`IndexServiceAccountTokenStore`): null if absent; an error if the index cannot answer. */
  getTokenHash(key: string): string | null {
    this.requireReadable();
    return this.contents.docs.get(tokenDocumentId(key))?.doc.password ?? null;
  }

  /** Names of the index tokens of `principal`, sorted; none if the index does not exist. */
  tokenNames(principal: string): string[] {
    if (!this.exists) return [];
    this.requireReadable('search');
    return [...this.contents.docs.values()].filter((d) => d.doc.username === principal).map((d) => d.doc.name).sort();
  }

  /** Create-only write (`TransportCreateServiceAccountTokenAction`); creates the index first if it does not exist, as ES does. */
  createToken(key: string, fields: Omit<TokenDocument, 'doc_type' | 'version' | 'creation_time' | 'enabled'>): TokenDocument {
    const state = this.writableState();
    const id = tokenDocumentId(key);
    const existing = this.contents.docs.get(id);
    if (existing !== undefined) {
      throw versionConflict(`[${id}]: version conflict, document already exists (current version [${existing.version}])`, {
        index_uuid: state.uuid,
        shard: '0',
        index: SECURITY_CONCRETE_INDEX,
      });
    }
    const doc: TokenDocument = { doc_type: 'service_account_token', version: VERSION_ID, ...fields, creation_time: this.options.now(), enabled: true };
    this.commit({ state, docs: new Map(this.contents.docs).set(id, { doc, version: 1 }) });
    return doc;
  }

  /** Deletes a token document; false if there was none (or no index). */
  deleteToken(key: string): boolean {
    if (!this.exists) return false;
    this.requireReadable();
    const docs = new Map(this.contents.docs);
    const found = docs.delete(tokenDocumentId(key));
    if (found) this.commit({ docs });
    return found;
  }

  /** Creates or replaces a user; true if it was created. Creates the index if needed. */
  putUser(user: UserDocument): boolean {
    const state = this.writableState();
    const created = !this.contents.users.has(user.username);
    this.commit({ state, users: new Map(this.contents.users).set(user.username, user) });
    return created;
  }

  getUser(username: string): UserDocument | undefined {
    if (!this.exists) return undefined;
    this.requireReadable();
    return this.contents.users.get(username);
  }

  allUsers(): UserDocument[] {
    if (!this.exists) return [];
    this.requireReadable();
    return [...this.contents.users.values()].sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  deleteUser(username: string): boolean {
    if (!this.exists) return false;
    this.requireReadable();
    const users = new Map(this.contents.users);
    const found = users.delete(username);
    if (found) this.commit({ users });
    return found;
  }

  putRole(name: string, role: RoleDocument): boolean {
    const state = this.writableState();
    const created = !this.contents.roles.has(name);
    this.commit({ state, roles: new Map(this.contents.roles).set(name, role) });
    return created;
  }

  getRole(name: string): RoleDocument | undefined {
    if (!this.exists || this.current.health === 'red') return undefined;
    return this.contents.roles.get(name);
  }

  allRoles(): [string, RoleDocument][] {
    if (!this.exists) return [];
    this.requireReadable('search');
    return [...this.contents.roles].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  deleteRole(name: string): boolean {
    if (!this.exists) return false;
    this.requireReadable();
    const roles = new Map(this.contents.roles);
    const found = roles.delete(name);
    if (found) this.commit({ roles });
    return found;
  }

  setHealth(health: IndexHealth): void {
    if (!this.exists) throw indexNotFound(SECURITY_ALIAS);
    this.commit({ state: { ...this.current, health } });
  }

  /** Deletes the whole index, documents included. */
  deleteIndex(): void {
    this.commit({ state: { health: null, uuid: null, upToDate: this.current.upToDate }, docs: new Map(), users: new Map(), roles: new Map() });
  }

  /**
   * The index comes back under a new UUID with the same documents, as after a restore
   * from snapshot or a migration to a new concrete index (`SecurityIndexManager`: the concrete index's UUID changed).
   */
  recreate(): void {
    if (!this.exists) throw indexNotFound(SECURITY_ALIAS);
    this.commit({ state: { ...this.current, uuid: this.options.newUuid() } });
  }

  setUpToDate(upToDate: boolean): void {
    this.commit({ state: { ...this.current, upToDate } });
  }

  /**
   * The state a write leaves: writes create the index first if it does not exist, as in
   * Elasticsearch (made part of the same all-or-nothing write).
   */
  private writableState(): SecurityIndexState {
    if (!this.exists) return { health: 'green', uuid: this.options.newUuid(), upToDate: true };
    this.requireReadable();
    return this.current;
  }

  /**
   * ES checks primary shards for GETs, writes and deletes, and search shards for listings;
   * both say so in the 503 (SecurityIndexManager).
   */
  private requireReadable(shards: 'primary' | 'search' = 'primary'): void {
    if (this.current.health === null) throw indexNotFound(SECURITY_ALIAS);
    if (this.current.health === 'red') {
      throw unavailableShards(`at least one ${shards} shard for the index [${SECURITY_CONCRETE_INDEX}] is unavailable`);
    }
  }

  /** Whether documents can be read now (native-realm logins treat "no" as "no such user"). */
  get available(): boolean {
    return this.current.health !== null && this.current.health !== 'red';
  }

  /** Saves the next contents, then makes them current, then announces a state change. */
  private commit(change: Partial<Contents>): void {
    const next: Contents = { ...this.contents, ...change };
    this.save(next);
    const stateChanged = next.state !== this.contents.state;
    this.contents = next;
    if (stateChanged) for (const l of this.listeners) l(this.state());
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const saved = JSON.parse(text) as Persisted;
    this.contents = {
      state: saved.state,
      docs: new Map(Object.entries(saved.docs)),
      users: new Map(Object.entries(saved.users ?? {})),
      roles: new Map(Object.entries(saved.roles ?? {})),
    };
  }

  private save(next: Contents): void {
    if (this.options.file === undefined) return;
    const saved: Persisted = {
      state: next.state,
      docs: Object.fromEntries(next.docs),
      users: Object.fromEntries(next.users),
      roles: Object.fromEntries(next.roles),
    };
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    (this.options.write ?? writeFileAtomicSync)(this.options.file, text);
  }
}
