import type { ReconciliationReport } from '@passerelle/billing';
import type { Journey } from './journey';
import type { Session } from './story-session';

export const withReconciliation = <S extends { admin: Session }, N extends string>(journey: Journey<S, N>) =>
  journey.step('the reconciliation agrees', async ({ admin }, { http }) => {
    // Ledger against invoices, payments and payouts, and those against Stripe when it is configured.
    const reconciliation = await http.json<ReconciliationReport>('GET', '/admin/reconciliation', { token: admin.token });
    if (reconciliation.differences.length > 0) throw new Error(`the reconciliation found differences: ${JSON.stringify(reconciliation.differences)}`);
    return { reconciliation };
  });
