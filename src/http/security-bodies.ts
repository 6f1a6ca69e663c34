/**
 * The bodies of PUT user and PUT role, read field by field in document order as
 * Elasticsearch's parsers do (PutUserRequestBuilder.source, RoleDescriptor.parse,
 * XContentUtils.readStringArray): the first field of a wrong type or an unknown name is a
 * 400 `parse_exception` naming the field and the JSON token found.
 */
import { HashFormatError, hasherNameOfHash } from '../accounts';
import { EsError, illegalArgument, numberFormat, parseException, validationFailed } from '../errors';

/** The name of the Jackson token a JSON value starts with, as ES's messages print it. */
export function tokenOf(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'START_OBJECT';
  }
}

/**
 * XContentUtils.readStringArray. Inside an array Jackson's current name is the array's own
 * (unnamed) context, so an element of the wrong type is reported against `[null]`.
 */
export function readStringArray(field: string, value: unknown, allowNull: boolean): string[] | null {
  if (value === null) {
    if (allowNull) return null;
    throw parseException(`could not parse [${field}] field. expected a string array but found null value instead`);
  }
  if (!Array.isArray(value)) throw parseException(`could not parse [${field}] field. expected a string array but found [${tokenOf(value)}] value instead`);
  const bad = value.find((v) => typeof v !== 'string');
  if (bad !== undefined) throw parseException(`could not parse [null] field. expected a string array but one of the value in the array is [${tokenOf(bad)}]`);
  return value as string[];
}

const expected = (field: string, type: string, value: unknown) =>
  parseException(`expected field [${field}] to be of type ${type}, but found [${tokenOf(value)}] instead`);

export interface UserBody {
  password?: string;
  /** `password_hash`, to be stored as given. */
  passwordHash?: string;
  roles?: string[];
  full_name: string | null;
  email: string | null;
  metadata?: Record<string, unknown>;
  enabled?: boolean;
}

/**
 * PutUserRequestBuilder.source. `checkPassword` runs where ES validates the password: as
 * soon as the field is read, before later fields are looked at. A password and a
 * password_hash both become the request's one password hash (PutUserRequestBuilder.password
 * hashes the password), so whichever of them comes second is refused.
 */
export function parseUserBody(
  username: string,
  body: Record<string, unknown>,
  checkPassword: (password: string) => void,
  configuredHasher: string,
): UserBody {
  const out: UserBody = { full_name: null, email: null };
  const alreadySet = () => validationFailed('validation_exception', ['password_hash has already been set']);
  for (const [field, value] of Object.entries(body)) {
    switch (field) {
      case 'password':
        if (typeof value !== 'string') throw expected(field, 'string', value);
        checkPassword(value);
        if (out.password !== undefined || out.passwordHash !== undefined) throw alreadySet();
        out.password = value;
        break;
      case 'password_hash': {
        if (typeof value !== 'string') throw expected(field, 'string', value);
        // PutUserRequestBuilder.passwordHash: the hash's own hasher must be the configured one.
        const hasher = resolveHasher(value);
        if (hasher !== configuredHasher) {
          throw illegalArgument(`Provided password hash uses [${hasher}] but the configured hashing algorithm is [${configuredHasher}]`);
        }
        if (out.password !== undefined || out.passwordHash !== undefined) throw alreadySet();
        out.passwordHash = value;
        break;
      }
      case 'roles':
        out.roles = typeof value === 'string' ? value.split(',') : (readStringArray(field, value, false) as string[]);
        break;
      case 'full_name':
      case 'email':
        if (value !== null && typeof value !== 'string') throw expected(field, 'string', value);
        out[field] = value as string | null;
        break;
      case 'metadata':
        if (tokenOf(value) !== 'START_OBJECT') throw expected(field, 'object', value);
        out.metadata = value as Record<string, unknown>;
        break;
      case 'enabled':
        if (typeof value !== 'boolean') throw expected(field, 'boolean', value);
        out.enabled = value;
        break;
      case 'username':
        if (typeof value !== 'string') throw expected(field, 'string', value);
        if (value !== username) throw illegalArgument(`[username] in source does not match the username provided [${username}]`);
        break;
      default:
        throw parseException(`failed to parse add user request. unexpected field [${field}]`);
    }
  }
  return out;
}

/** Hasher.resolveFromHash, its failures as the Java exceptions ES renders. */
function resolveHasher(hash: string): string {
  try {
    return hasherNameOfHash(hash);
  } catch (err) {
    if (!(err instanceof HashFormatError)) throw err;
    throw err.javaType === 'number_format_exception' ? numberFormat(err.message) : illegalArgument(err.message);
  }
}

export interface RoleBody {
  cluster: string[];
  indices: unknown[];
  applications: unknown[];
  run_as: string[];
  metadata: Record<string, unknown>;
}

/** RoleDescriptor's readStringArray: the same check, wrapped to name the role. */
function roleStringArray(role: string, field: string, value: unknown): string[] | null {
  try {
    return readStringArray(field, value, true);
  } catch (err) {
    throw parseException(`failed to parse role [${role}]`, (err as EsError).toData());
  }
}

function parseIndices(role: string, field: string, value: unknown): unknown[] {
  const prefix = `failed to parse indices privileges for role [${role}].`;
  if (!Array.isArray(value)) throw parseException(`${prefix} expected field [${field}] value to be an array, but found [${tokenOf(value)}] instead`);
  return value.map((entry: unknown) => {
    if (tokenOf(entry) !== 'START_OBJECT') {
      throw parseException(`${prefix} expected field [null] value to be an array of objects, but found an array element of type [${tokenOf(entry)}]`);
    }
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(entry as Record<string, unknown>)) {
      switch (name) {
        case 'names':
          if (typeof v === 'string') out.names = [v];
          else if (Array.isArray(v)) {
            const names = roleStringArray(role, name, v) as string[];
            if (names.length === 0) throw parseException(`${prefix} [${name}] cannot be an empty array`);
            out.names = names;
          } else throw parseException(`${prefix} expected field [${name}] value to be a string or an array of strings, but found [${tokenOf(v)}] instead`);
          break;
        case 'privileges':
          out.privileges = roleStringArray(role, name, v);
          break;
        case 'allow_restricted_indices':
          if (typeof v !== 'boolean') throw parseException(`${prefix} expected field [${name}] value to be a boolean, but found [${tokenOf(v)}] instead`);
          out.allow_restricted_indices = v;
          break;
        case 'query':
          if (v !== null && typeof v !== 'string' && tokenOf(v) !== 'START_OBJECT') {
            throw parseException(`${prefix} expected field [${name}] value to be null, a string, an array, or an object, but found [${tokenOf(v)}] instead`);
          }
          if (v !== null && v !== '') out.query = typeof v === 'string' ? v : JSON.stringify(v);
          break;
        case 'field_security':
          if (tokenOf(v) !== 'START_OBJECT') throw parseException(`${prefix} expected START_OBJECT but got ${tokenOf(v)} in "field_security".`);
          out.field_security = v;
          break;
        default:
          throw parseException(`${prefix} unexpected field [${name}]`);
      }
    }
    if (out.names === undefined) throw parseException(`${prefix} missing required [names] field`);
    if (out.privileges === undefined || out.privileges === null) throw parseException(`${prefix} missing required [privileges] field`);
    // The order of IndicesPrivileges.toXContent.
    return {
      names: out.names,
      privileges: out.privileges,
      ...(out.field_security === undefined ? {} : { field_security: out.field_security }),
      ...(out.query === undefined ? {} : { query: out.query }),
      allow_restricted_indices: out.allow_restricted_indices ?? false,
    };
  });
}

function parseApplications(role: string, field: string, value: unknown): unknown[] {
  const prefix = `failed to parse application privileges for role [${role}].`;
  if (!Array.isArray(value)) throw parseException(`${prefix} expected field [${field}] value to be an array, but found [${tokenOf(value)}] instead`);
  for (const entry of value) {
    if (tokenOf(entry) !== 'START_OBJECT') {
      throw parseException(`${prefix} expected field [null] value to be an array of objects, but found an array element of type [${tokenOf(entry)}]`);
    }
  }
  return value;
}

/** RoleDescriptor.parse, for the fields this simulator stores; `type` is read and dropped, as in ES. */
export function parseRoleBody(role: string, body: Record<string, unknown>): RoleBody {
  const out: RoleBody = { cluster: [], indices: [], applications: [], run_as: [], metadata: {} };
  for (const [field, value] of Object.entries(body)) {
    switch (field) {
      case 'index':
      case 'indices':
        out.indices = parseIndices(role, field, value);
        break;
      case 'run_as':
        out.run_as = roleStringArray(role, field, value) ?? [];
        break;
      case 'cluster':
        out.cluster = roleStringArray(role, field, value) ?? [];
        break;
      case 'application':
      case 'applications':
        out.applications = parseApplications(role, field, value);
        break;
      case 'metadata':
        if (tokenOf(value) !== 'START_OBJECT') throw expected(field, 'object', value);
        out.metadata = value as Record<string, unknown>;
        break;
      case 'transient_metadata':
        if (tokenOf(value) !== 'START_OBJECT') throw parseException(`failed to parse role [${role}]. unexpected field [${field}]`);
        break;
      case 'type':
        break;
      default:
        throw parseException(`failed to parse role [${role}]. unexpected field [${field}]`);
    }
  }
  return out;
}
