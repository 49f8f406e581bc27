import { Module } from '@nestjs/common';
import { AuditModule } from '@passerelle/audit';
import { VoucherExpiryRepository } from './voucher-expiry.repository';
import { VoucherExpiryService } from './voucher-expiry.service';

/** The expiry sweep alone, for the worker. */
@Module({
  imports: [AuditModule],
  providers: [VoucherExpiryRepository, VoucherExpiryService],
  exports: [VoucherExpiryService],
})
export class VoucherExpiryModule {}
