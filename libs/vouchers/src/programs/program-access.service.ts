import { Injectable } from '@nestjs/common';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/common';
import { programNotFound } from '../vouchers.errors';
import { ProgramRepository, type ProgramRecord } from './program.repository';

/** Object-level access to programs: the funder's finance staff only; anyone else gets PROGRAM_NOT_FOUND. */
@Injectable()
export class ProgramAccess {
  constructor(private readonly programs: ProgramRepository) {}

  async programOfFunder(actor: Actor, programId: string, manager?: EntityManager): Promise<ProgramRecord> {
    if (!isUuid(programId) || !hasRole(actor, 'funder')) throw programNotFound();
    const program = await this.programs.findById(programId, manager);
    if (!program || !isMemberOf(actor, program.funderId)) throw programNotFound();
    return program;
  }
}
