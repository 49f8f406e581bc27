import { Module } from '@nestjs/common';
import { CatalogStructuresModule } from '@passerelle/catalog';
import { AdminCredentialsController, CredentialsController } from './structures/credentials.controller';
import { PlacesController } from './structures/places.controller';
import { StructuresController } from './structures/structures.controller';

@Module({
  imports: [CatalogStructuresModule],
  controllers: [StructuresController, PlacesController, CredentialsController, AdminCredentialsController],
})
export class StructuresHttpModule {}
