/*
 * A small seeded pseudo-random generator for synthetic data. Math.random is
 * neither seedable nor reproducible; this is both, and pure: the same keys give
 * the same sequence on every machine and Node version.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, from PractRand):
 * four 32-bit words of state, passes PractRand and BigCrush. Its state is
 * filled from the keys by splitmix32 / murmur3's finaliser, so neighbouring
 * keys (project 41, project 42) give unrelated streams.
 */

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Folds any number of integer keys (seed, project number, stream) into one 32-bit word. */
export function hashKeys(keys: readonly number[]): number {
  let h = 0x6a09e667;
  for (const key of keys) {
    if (!Number.isSafeInteger(key)) throw new Error(`PRNG keys must be integers (got ${key})`);
    // Both halves of a key up to 2^53 take part, so seeds above 2^32 do not collide with small ones.
    h = mix32(h ^ mix32(key >>> 0) ^ Math.imul(Math.floor(key / 2 ** 32) | 0, 0x27d4eb2d));
  }
  return h;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator whose sequence is fixed by its keys: `new Prng(seed, projectNumber, stream)`. */
  constructor(...keys: number[]) {
    const h = hashKeys(keys);
    this.a = mix32(h);
    this.b = mix32(this.a ^ 0x243f6a88);
    this.c = mix32(this.b ^ 0x85a308d3);
    this.d = 1; // sfc32's counter
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** One of the items, chosen with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let r = this.float() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `count` different items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    for (let i = 0; i < count && pool.length > 0; i++) out.push(pool.splice(Math.floor(this.float() * pool.length), 1)[0]);
    return out;
  }
}
