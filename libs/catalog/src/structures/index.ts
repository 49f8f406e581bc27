export { CatalogStructuresModule } from './catalog-structures.module';
export {
  CredentialService,
  type CredentialDecision,
  type CredentialView,
  type NewCredential,
} from './credential.service';
export { PlaceService, type NewPlace, type PlacePatch, type PlaceView } from './place.service';
export { StructureAccess } from './structure-access.service';
export { StructureDirectory, type PlaceSummary, type StructureSummary } from './structure-directory.service';
export {
  CREDENTIAL_KINDS,
  CREDENTIAL_STATUSES,
  MODALITIES,
  type CredentialKind,
  type CredentialStatus,
  type Modality,
} from './structure.entities';
export { activeCredentialSql } from './structure.repositories';
export { checkOpeningHours } from './structure-rules';
export { departementOf, isValidRna, isValidSiret, parsePivot, type Pivot } from './identifiers';
export { StructureService, type NewStructure, type StructurePatch, type StructureView } from './structure.service';
export { placeNotFound, structureNotFound } from './structures.errors';
