import type { ErrorDetail } from '../common/errors/domain-error';
import { MALFORMED_TEXT, TOO_DEEP } from '../common/errors/request.errors';

/** Deeper than any body the API accepts (a report is four levels); far below what would exhaust the stack. */
export const MAX_JSON_DEPTH = 16;

export interface ShapeProblem {
  code: typeof TOO_DEEP.code | typeof MALFORMED_TEXT.code;
  detail: ErrorDetail;
}

/** A lone UTF-16 surrogate (in `u` mode a valid pair is one code point, so only lone halves match). */
const LONE_SURROGATE = /\p{Cs}/u;

function fieldOf(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/**
 * Checks raw input before anything else reads it: nesting no deeper than MAX_JSON_DEPTH, and every string and
 * key well-formed Unicode (a lone UTF-16 surrogate makes validators and drivers throw). Iterative, so a
 * hostile depth cannot overflow the stack here either. Returns the first problem, naming the field.
 */
export function inspectInput(value: unknown, root: string): ShapeProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const field = item.path || 'body';
    if (typeof item.value === 'string') {
      if (LONE_SURROGATE.test(item.value))
        return { code: MALFORMED_TEXT.code, detail: { field, message: `${field} is not well-formed Unicode text` } };
      // PostgreSQL cannot store U+0000 in text; no field of ours needs it. Refused for both databases alike.
      if (item.value.includes('\u0000'))
        return { code: MALFORMED_TEXT.code, detail: { field, message: `${field} contains a NUL character` } };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_JSON_DEPTH) {
      return { code: TOO_DEEP.code, detail: { field, message: `the request nests deeper than ${MAX_JSON_DEPTH} levels` } };
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (LONE_SURROGATE.test(key))
        return { code: MALFORMED_TEXT.code, detail: { field, message: `${field} has a key that is not well-formed Unicode text` } };
      stack.push({ value: child, path: fieldOf(item.path, key), depth: item.depth + 1 });
    }
  }
  return null;
}
