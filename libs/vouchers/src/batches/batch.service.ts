import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { generateCode } from '../codes/voucher-code';
import { ProgramAccess } from '../programs/program-access.service';
import { ProgramRepository, type ProgramRecord } from '../programs/program.repository';
import { batchNotFound, budgetExceeded, programNotFound, programPaused } from '../vouchers.errors';
import { renderBatchCsv, renderBatchPdf, type BatchSheet } from './batch-documents';
import { BatchRepository } from './batch.repository';

export const MAX_BATCH_SIZE = 5000;

export interface BatchView {
  id: string;
  programId: string;
  size: number;
  faceValueCents: number;
  totalCents: number;
  createdAt: string;
}

/** Batches (carnets) of vouchers issued by a funder within its program's budget. */
@Injectable()
export class BatchService {
  constructor(
    private readonly batches: BatchRepository,
    private readonly programs: ProgramRepository,
    private readonly access: ProgramAccess,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /**
   * Reserves the batch's value on the program's budget and inserts `size` unique codes, all in one
   * transaction: a batch that would exceed the budget, even racing others, issues nothing.
   */
  async issue(actor: Actor, programId: string, size: number): Promise<BatchView> {
    const program = await this.access.programOfFunder(actor, programId);
    const batch = await this.transactions.run(async (tx) => {
      if (!(await this.programs.reserveBudget(programId, size, tx))) {
        const current = await this.programs.findById(programId, tx);
        if (!current) throw programNotFound();
        if (current.status === 'paused') throw programPaused();
        throw budgetExceeded(size * current.faceValueCents, current.budgetCents - current.issuedCents);
      }
      const created = await this.batches.insertBatch(programId, size, actor.userId, tx);
      let missing = size;
      while (missing > 0) {
        const codes = Array.from({ length: missing }, generateCode);
        const inserted = await this.batches.insertFreeCodes(codes, { id: created.id, programId, faceValueCents: program.faceValueCents }, tx);
        missing -= inserted.length;
      }
      await this.audit.record(
        actor,
        {
          action: 'voucher_batch.issued',
          objectType: 'voucher_batch',
          objectId: created.id,
          details: { programId, size, totalCents: size * program.faceValueCents },
        },
        tx,
      );
      return created;
    });
    return {
      id: batch.id,
      programId,
      size: batch.size,
      faceValueCents: program.faceValueCents,
      totalCents: batch.size * program.faceValueCents,
      createdAt: batch.created_at.toISOString(),
    };
  }

  async csv(actor: Actor, batchId: string): Promise<string> {
    return renderBatchCsv(await this.sheet(actor, batchId));
  }

  async pdf(actor: Actor, batchId: string): Promise<Buffer> {
    return renderBatchPdf(await this.sheet(actor, batchId));
  }

  private async sheet(actor: Actor, batchId: string): Promise<BatchSheet> {
    if (!isUuid(batchId)) throw batchNotFound();
    const batch = await this.batches.findById(batchId);
    if (!batch) throw batchNotFound();
    let program: ProgramRecord;
    try {
      program = await this.access.programOfFunder(actor, batch.program_id);
    } catch {
      throw batchNotFound();
    }
    return { batchId, program, vouchers: await this.batches.vouchersOf(batchId) };
  }
}
