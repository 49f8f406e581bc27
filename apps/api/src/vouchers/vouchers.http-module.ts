import { Module } from '@nestjs/common';
import { VouchersModule } from '@passerelle/vouchers';
import { BatchesController } from './batches.controller';
import { FundersController } from './funders.controller';
import { ProgramsController } from './programs.controller';
import { VouchersController } from './vouchers.controller';

@Module({
  imports: [VouchersModule],
  controllers: [FundersController, ProgramsController, BatchesController, VouchersController],
})
export class VouchersHttpModule {}
