import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';

/** Gives repositories a TypeORM repository bound to the caller's transaction when there is one. */
export abstract class BaseRepository<E extends ObjectLiteral> {
  protected constructor(
    protected readonly dataSource: DataSource,
    private readonly entity: EntityTarget<E>,
  ) {}

  protected repo(manager?: EntityManager): Repository<E> {
    return (manager ?? this.dataSource.manager).getRepository(this.entity);
  }
}
