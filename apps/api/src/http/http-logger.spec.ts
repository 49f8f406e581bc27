import type { IncomingMessage } from 'node:http';
import { safePath } from './http-logger';

const pathOf = (url: string) => safePath({ url } as IncomingMessage);

describe('logged request paths', () => {
  it('mask voucher codes and drop the query string', () => {
    expect(pathOf('/vouchers/7KQM-WX3T-P9CE/assign')).toBe('/vouchers/***/assign');
    expect(pathOf('/vouchers/7kqmwx3tp9ce/cancel?x=1')).toBe('/vouchers/***/cancel');
    expect(pathOf('/offers/search?postcode=33000')).toBe('/offers/search');
  });

  it('keep the names of the voucher routes that carry no code', () => {
    expect(pathOf('/vouchers/redeem')).toBe('/vouchers/redeem');
    expect(pathOf('/vouchers/assigned')).toBe('/vouchers/assigned');
    expect(pathOf('/batches/5d0c6a9e-2f7c-4a53-9a61-1f0b8f3c2d10/vouchers.csv')).toBe('/batches/5d0c6a9e-2f7c-4a53-9a61-1f0b8f3c2d10/vouchers.csv');
  });
});
