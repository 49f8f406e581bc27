export { CatalogProceduresModule } from './catalog-procedures.module';
export {
  ProcedureCatalog,
  type ProcedureCategoryView,
  type ProcedureDetailView,
  type ProcedureView,
} from './procedure-catalog.service';
export type { ProcedureDocument } from './procedure.entities';
export { procedureCategoryNotFound, procedureNotFound } from './procedures.errors';
