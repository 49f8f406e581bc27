/** The vouchers queue, its expiry job and the scheduler (one per queue) that produces it. */
export const VOUCHERS_QUEUE = 'vouchers';
export const VOUCHER_EXPIRY_JOB = 'voucher-expiry';
export const VOUCHER_EXPIRY_SCHEDULER = 'voucher-expiry-sweep';
