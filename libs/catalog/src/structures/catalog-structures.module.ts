import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { IdentityModule } from '@passerelle/identity';
import { CatalogOffersModule } from '../offers';
import { CredentialService } from './credential.service';
import { PlaceService } from './place.service';
import { StructureAccess } from './structure-access.service';
import { StructureDirectory } from './structure-directory.service';
import { CredentialEntity, PlaceEntity, StructureEntity } from './structure.entities';
import { CredentialRepository, PlaceRepository, StructureRepository } from './structure.repositories';
import { StructureService } from './structure.service';

@Module({
  imports: [TypeOrmModule.forFeature([StructureEntity, PlaceEntity, CredentialEntity]), AuditModule, IdentityModule, CatalogOffersModule],
  providers: [
    StructureRepository,
    PlaceRepository,
    CredentialRepository,
    StructureAccess,
    StructureDirectory,
    StructureService,
    PlaceService,
    CredentialService,
  ],
  exports: [StructureAccess, StructureDirectory, StructureService, PlaceService, CredentialService],
})
export class CatalogStructuresModule {}
