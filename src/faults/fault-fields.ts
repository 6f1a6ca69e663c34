/**
 * How each field of a fault definition is read and checked. A bad value is a 400 in
 * Elasticsearch's shape that names the field and what is allowed.
 */
import { illegalArgument } from '../errors';

export type Body = Record<string, unknown>;

export const bad = illegalArgument;

export function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[], fallback?: T): T {
  const v = body[field] ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw bad(`[${field}] must be one of [${allowed.join(', ')}]${v === undefined ? ' and is required' : `, got [${String(v)}]`}`);
  }
  return v as T;
}

export function number(body: Body, field: string, min: number, max: number, fallback?: number): number {
  const v = body[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw bad(`[${field}] must be a number from ${min} to ${max}${v === undefined ? ' and is required' : `, got [${JSON.stringify(v)}]`}`);
  }
  return v;
}

export function names(body: Body, field: string, allowed: readonly string[]): string[] {
  const v = body[field];
  if (v === undefined) return [];
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  if (!Array.isArray(list)) throw bad(`[${field}] must be a list of [${allowed.join(', ')}], got [${JSON.stringify(v)}]`);
  const wrong = list.filter((x) => typeof x !== 'string' || !allowed.includes(x));
  if (wrong.length > 0) {
    throw bad(`[${field}] must be a list of [${allowed.join(', ')}], got [${wrong.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}]`);
  }
  return [...new Set(list as string[])];
}

export function requireNodes(nodes: string[], type: string): string[] {
  if (nodes.length === 0) throw bad(`[nodes] is required for a [${type}] fault: name the node(s) it applies to`);
  return nodes;
}

export function errorOf(b: Body): { type: string; reason: string } {
  const e = b.error as Body | undefined;
  if (e === undefined || typeof e !== 'object' || typeof e.type !== 'string' || typeof e.reason !== 'string' || !/^[a-z_]+$/.test(e.type)) {
    throw bad('[error] must be an object {"type": "<snake_case_exception>", "reason": "<text>"}');
  }
  return { type: e.type, reason: e.reason };
}
