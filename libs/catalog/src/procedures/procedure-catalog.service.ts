import { Injectable } from '@nestjs/common';
import type { ProcedureDocument, ProcedureEntity } from './procedure.entities';
import { ProcedureRepository } from './procedure.repository';
import { procedureCategoryNotFound, procedureNotFound } from './procedures.errors';

export interface ProcedureView {
  code: string;
  categoryCode: string;
  title: string;
  summary: string;
  officialUrl: string;
  typicalDurationMinutes: number;
  documents: ProcedureDocument[];
}

export interface ProcedureCategoryView {
  code: string;
  label: string;
  procedures: ProcedureView[];
}

export interface ProcedureDetailView extends ProcedureView {
  category: { code: string; label: string };
}

/** The public procedure catalogue (seeded data, read-only); other contexts use `find` to check codes. */
@Injectable()
export class ProcedureCatalog {
  constructor(private readonly procedures: ProcedureRepository) {}

  async list(categoryCode?: string): Promise<ProcedureCategoryView[]> {
    const categories = await this.procedures.categoriesWithProcedures(categoryCode);
    if (categoryCode !== undefined && categories.length === 0) throw procedureCategoryNotFound(categoryCode);
    return categories.map((category) => ({
      code: category.code,
      label: category.label,
      procedures: (category.procedures ?? []).map(toView),
    }));
  }

  async get(code: string): Promise<ProcedureDetailView> {
    const procedure = await this.procedures.findByCode(code);
    if (!procedure) throw procedureNotFound(code);
    return { ...toView(procedure), category: { code: procedure.category!.code, label: procedure.category!.label } };
  }

  /** The procedure with this code, or null (for other contexts, e.g. offers). */
  async find(code: string): Promise<ProcedureView | null> {
    const procedure = await this.procedures.findByCode(code);
    return procedure ? toView(procedure) : null;
  }
}

function toView(procedure: ProcedureEntity): ProcedureView {
  return {
    code: procedure.code,
    categoryCode: procedure.categoryCode,
    title: procedure.title,
    summary: procedure.summary,
    officialUrl: procedure.officialUrl,
    typicalDurationMinutes: procedure.typicalDurationMinutes,
    documents: procedure.documents.map((document) => ({
      label: document.label,
      providedBy: document.providedBy,
      maxAgeDays: document.maxAgeDays ?? null,
      condition: document.condition ?? null,
    })),
  };
}
