/** A small seeded PRNG (mulberry32): the generator must give the same catalogue for a seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Up to `count` distinct values, in the list's order. */
  some<T>(values: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, values.length);
    while (chosen.size < wanted) chosen.add(this.int(values.length));
    return [...chosen].sort((a, b) => a - b).map((index) => values[index]!);
  }

  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(4)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** 13 random digits and the Luhn key (never La Poste's SIREN, which has its own rule). */
  siret(): string {
    for (;;) {
      const digits = Array.from({ length: 13 }, () => this.int(10));
      if (digits[0] === 0 || digits.slice(0, 9).join('') === '356000000') continue;
      let sum = 0;
      digits.forEach((digit, index) => {
        // With the check digit appended (14 digits), even indexes are doubled.
        let value = index % 2 === 0 ? digit * 2 : digit;
        if (value > 9) value -= 9;
        sum += value;
      });
      return digits.join('') + String((10 - (sum % 10)) % 10);
    }
  }
}
