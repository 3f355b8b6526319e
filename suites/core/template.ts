// `{var}` templates in case data. A missing variable is not an error of the case: it means
// the target lacks something the case needs, so the case is skipped with the reason.

/** Thrown when a template names a variable the run does not have. */
export class MissingVariable extends Error {
  readonly code = 'TC_MISSING_VARIABLE';
  constructor(readonly variable: string) {
    super(`missing variable ${variable}`);
  }
}

export type Vars = ReadonlyMap<string, string>;

const TOKEN = /\{([A-Za-z][A-Za-z0-9]*)(?::([^{}]*))?\}/g;

/**
 * Expands `{name}` from vars and the built-in functions:
 * `{repeat:X:N}` X repeated N times; `{unique:N}` a valid name of N characters that starts
 * with the run prefix (needs N >= prefix length + 1).
 */
export function expand(text: string, vars: Vars): string {
  return text.replace(TOKEN, (_m, name: string, arg: string | undefined) => {
    if (name === 'repeat' && arg !== undefined) {
      const i = arg.lastIndexOf(':');
      const unit = arg.slice(0, i);
      const n = Number(arg.slice(i + 1));
      if (i < 0 || !Number.isInteger(n) || n < 0) throw new Error(`bad {repeat:${arg}}`);
      return unit.repeat(n);
    }
    if (name === 'unique' && arg !== undefined) {
      const n = Number(arg);
      const prefix = vars.get('prefix');
      if (prefix === undefined) throw new MissingVariable('prefix');
      if (!Number.isInteger(n) || n <= prefix.length) throw new Error(`bad {unique:${arg}}`);
      const pad = `${prefix}-${'x'.repeat(n)}`;
      return pad.slice(0, n);
    }
    const v = vars.get(name);
    if (v === undefined) throw new MissingVariable(name);
    return v;
  });
}

/** Expands templates in every string of a JSON value. */
export function expandDeep(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return expand(value, vars);
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, vars));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[expand(k, vars)] = expandDeep(v, vars);
    return out;
  }
  return value;
}

/** Reads an RFC 6901 JSON pointer; undefined when the path does not exist. */
export function jsonPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return pointer === '' ? doc : (doc as Record<string, unknown>)?.[''];
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else if (cur && typeof cur === 'object') {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return cur;
}

/** The variables the strings of a JSON value name (`{name}`; the built-in functions left out). */
export function variablesNamed(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(TOKEN)) if (m[2] === undefined) into.add(m[1] as string);
  } else if (Array.isArray(value)) {
    for (const v of value) variablesNamed(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) variablesNamed(v, into);
  }
  return into;
}
