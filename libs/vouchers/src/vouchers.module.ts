import { Module } from '@nestjs/common';
import { AuditModule } from '@passerelle/audit';
import { LedgerModule } from '@passerelle/billing/ledger';
import { BookingModule } from '@passerelle/booking';
import { CatalogProceduresModule, CatalogStructuresModule } from '@passerelle/catalog';
import { IdentityModule } from '@passerelle/identity';
import { AssignmentService } from './assignment/assignment.service';
import { FunderVoucherLookup } from './assignment/funder-voucher-lookup.service';
import { BatchRepository } from './batches/batch.repository';
import { BatchService } from './batches/batch.service';
import { VoucherCancellationService } from './cancellation/voucher-cancellation.service';
import { FunderRepository } from './funders/funder.repository';
import { FunderService } from './funders/funder.service';
import { ProgramAccess } from './programs/program-access.service';
import { ProgramRepository } from './programs/program.repository';
import { ProgramService } from './programs/program.service';
import { RedemptionRepository } from './redemption/redemption.repository';
import { RedemptionService } from './redemption/redemption.service';
import { VoucherRepository } from './redemption/voucher.repository';
import { WrongCodeThrottle } from './redemption/wrong-code-throttle.service';
import { RedemptionsForInvoicing } from './invoicing/redemptions-for-invoicing.service';
import { ProgramStatsRepository } from './stats/program-stats.repository';
import { ProgramStatsService } from './stats/program-stats.service';

/** Funders, programs, batches, assignments, redemptions and usage stats (what the API serves). */
@Module({
  imports: [AuditModule, LedgerModule, IdentityModule, BookingModule, CatalogProceduresModule, CatalogStructuresModule],
  providers: [
    FunderRepository,
    ProgramRepository,
    BatchRepository,
    VoucherRepository,
    RedemptionRepository,
    ProgramStatsRepository,
    ProgramAccess,
    WrongCodeThrottle,
    FunderVoucherLookup,
    FunderService,
    ProgramService,
    BatchService,
    AssignmentService,
    RedemptionService,
    RedemptionsForInvoicing,
    ProgramStatsService,
    VoucherCancellationService,
  ],
  exports: [
    FunderService,
    ProgramService,
    BatchService,
    AssignmentService,
    RedemptionService,
    ProgramStatsService,
    VoucherCancellationService,
    RedemptionsForInvoicing,
  ],
})
export class VouchersModule {}
