/** What `npm run bench` runs at each `--scale`: every benchmark script (compiled) with its sizes. */
export interface BenchScale {
  name: string;
  benches: { script: string; args: string[] }[];
}

interface Sizes {
  seconds: number;
  places: number;
  slots: number;
  codes: number;
  vouchers: number;
  programs: number;
  structures: number;
}

const SIZES: Record<string, Sizes> = {
  // A smoke run of every benchmark in a few minutes.
  quick: { seconds: 3, places: 5_000, slots: 5_000, codes: 5_000, vouchers: 50_000, programs: 50, structures: 500 },
  // The issues' scales (50,000 places / 200,000 offers; 1,000,000 vouchers over 500 programs and 5,000 structures), 10 s loads.
  default: { seconds: 10, places: 50_000, slots: 20_000, codes: 20_000, vouchers: 1_000_000, programs: 500, structures: 5_000 },
  // The same data, 30 s loads: steadier figures.
  full: { seconds: 30, places: 50_000, slots: 60_000, codes: 60_000, vouchers: 1_000_000, programs: 500, structures: 5_000 },
};

export function benchScale(argv: string[]): BenchScale {
  const index = argv.indexOf('--scale');
  const name = index > 0 ? (argv[index + 1] ?? '') : 'default';
  const sizes = SIZES[name];
  if (!sizes) throw new Error(`--scale must be one of ${Object.keys(SIZES).join(', ')} (got "${name}")`);
  const seconds = ['--seconds', String(sizes.seconds)];
  return {
    name,
    benches: [
      { script: 'me-bench.js', args: seconds },
      { script: 'search-bench.js', args: [...seconds, '--places', String(sizes.places)] },
      { script: 'booking-bench.js', args: [...seconds, '--slots', String(sizes.slots)] },
      { script: 'redeem-bench.js', args: [...seconds, '--codes', String(sizes.codes)] },
      {
        script: 'invoicing-bench.js',
        args: ['--vouchers', String(sizes.vouchers), '--programs', String(sizes.programs), '--structures', String(sizes.structures)],
      },
    ],
  };
}
