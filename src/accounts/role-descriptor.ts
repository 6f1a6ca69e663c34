// The role descriptor JSON that GET /_security/service returns (`TransportGetServiceAccountAction`). Key order is
// part of the wire form, so descriptors are only built through roleDescriptor(), which
// inserts keys in ES order, and are frozen so no caller can alter a shared one.

export interface IndicesPrivileges {
  readonly names: readonly string[];
  readonly privileges: readonly string[];
  readonly allow_restricted_indices: boolean;
}

export interface ApplicationPrivileges {
  readonly application: string;
  readonly privileges: readonly string[];
  readonly resources: readonly string[];
}

/** ES's "configurable" cluster privileges, rendered under `global`. */
export interface GlobalPrivileges {
  readonly application?: { readonly manage: { readonly applications: readonly string[] } };
  readonly profile?: { readonly write: { readonly applications: readonly string[] } };
}

export interface RoleDescriptor {
  readonly cluster: readonly string[];
  /** Present only when the role has configurable cluster privileges (elastic/kibana). */
  readonly global?: GlobalPrivileges;
  readonly indices: readonly IndicesPrivileges[];
  readonly applications: readonly ApplicationPrivileges[];
  readonly run_as: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly transient_metadata: { readonly enabled: boolean };
}

export interface RoleDescriptorParts {
  cluster: string[];
  global?: GlobalPrivileges;
  indices?: IndicesPrivileges[];
  applications?: ApplicationPrivileges[];
  metadata?: Record<string, unknown>;
}

/** Builds a frozen descriptor with keys in ES order: cluster, [global], indices, applications, run_as, metadata, transient_metadata. */
export function roleDescriptor(parts: RoleDescriptorParts): RoleDescriptor {
  const descriptor: RoleDescriptor = {
    cluster: parts.cluster,
    ...(parts.global === undefined ? {} : { global: parts.global }),
    indices: parts.indices ?? [],
    applications: parts.applications ?? [],
    run_as: [],
    metadata: parts.metadata ?? {},
    transient_metadata: { enabled: true },
  };
  return deepFreeze(descriptor);
}

/** One `indices` entry; restricted (system) indices are excluded unless asked for. */
export function indices(names: string[], privileges: string[], allowRestrictedIndices = false): IndicesPrivileges {
  return { names, privileges, allow_restricted_indices: allowRestrictedIndices };
}

/** One `applications` entry. */
export function application(name: string, privileges: string[], resources: string[]): ApplicationPrivileges {
  return { application: name, privileges, resources };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
